# A post sent before it was published as a material: it is the campaign's original, not a member's post.
original-revoke-reason = this is the campaign's original post, published as a material
original-withdrawn-revoked =
    ↩️ The award for the post { $url } is revoked: −{ $points } { $n ->
        [one] point
       *[other] points
    }. It is the campaign's original post: a coordinator published it as a material. Share the material on your page and send the link to your own post.
original-withdrawn-pending =
    The post { $url } will not count: it is the campaign's original post, a coordinator published it as a material. Share the material on your page and send the link to your own post.
original-withdrawn-coordinator = ↩️ A member had sent this post as their own: { $name } ({ $url }). It cannot count; points revoked: { $points }. The member has been told.
reject-reason-original = it is the campaign's original post, not yours

## "Check your details": the notifications of /settings
details-question-notifications = Which notifications should we send you?
details-notifications-same = Keep them as they are
details-notifications-all = Send them all
details-notifications-none = Send none
details-current-notifications = You get now: { $topics }.
details-no-notifications = Every notification is off now.
survey-kind-notifications = notifications
survey-hint-notifications = Choose an answer with a button. Each notification can be turned on or off in /settings.
details-outcome-notifications_same = Notifications: unchanged.
details-outcome-notifications_on = Notifications on: new meetings, new materials and the daily rating.
details-outcome-notifications_off = Notifications off. You can turn them on again in /settings.

## /linked_owners: a verified post must be posted from one of the member's linked profiles
cmd-linked_owners = posts only from one's own linked profiles: on or off
help-example-linked_owners = <code>/linked_owners on</code> — a verified post counts only when it is posted from a profile the member linked in /me; <code>off</code> — from any profile.
usage-linked_owners = Write: <code>/linked_owners on</code> (a post counts only when it is posted from a profile the member linked in /me) or <code>/linked_owners off</code> (any profile will do).
linked-owners-on = ✅ Campaign «{ $name }»: a verified post counts only when it is posted from a profile the member linked in /me. Where the link does not name its owner, the check is as before.
linked-owners-off = ✅ Campaign «{ $name }»: a post from any profile counts when verified.

## A survey whose author lost the role before sending it
survey-refused-make-not_in_scope = These recipients are outside your area: the survey was not sent.
