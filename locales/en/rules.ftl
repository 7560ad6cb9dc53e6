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
