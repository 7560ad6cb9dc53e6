## Post verification, linked profiles, signals, suspension, the audit log
cmd-audit = the staff audit log (CSV, XLSX)
audit-empty = The audit log is empty: no staff act yet.
audit-caption = Audit log: { $count } { $count ->
        [one] row
       *[other] rows
    }.

## Suspension
cmd-suspend = suspend a member (no points, out of the rating)
cmd-unsuspend = reinstate a suspended member
usage-suspend = Write it like this: <code>/suspend @name reason</code> or <code>/suspend TELEGRAM_ID reason</code>. The member is told the reason.
usage-unsuspend = Write it like this: <code>/unsuspend @name</code> or <code>/unsuspend TELEGRAM_ID</code>.
suspend-refused-not_a_member = There is no such member.
suspend-refused-not_in_scope = This member is outside your area.
suspend-refused-no_reason = Give a reason: the member is told it.
suspend-refused-self = You cannot suspend yourself.
suspend-refused-already = This member is suspended already.
suspend-refused-not_suspended = This member is not suspended.
suspend-done = ⛔ { $name } is suspended: { $reason }. No new points, out of the rating and the reserve. To reinstate: <code>/unsuspend</code>.
unsuspend-done = ✅ { $name } takes part again: points and place in the rating are back.
suspend-notice = ⛔ A coordinator suspended you from the campaign's rating. Reason: { $reason }. While suspended you earn no points and are not in the rating or the personnel reserve.
suspend-lifted-notice = ✅ Your suspension is lifted: you are back in the rating with all your points.
me-suspended = ⛔ You are suspended from the rating. Reason: { $reason }

## Linked profiles
cmd-profiles = my profiles on social networks
network-vk = VK
network-ok = OK
network-telegram = Telegram channel
network-dzen = Dzen
profiles-none = 🔗 No profiles linked yet. Link your VK, OK and Dzen pages and your Telegram channel: the bot then checks that posts are yours.
profiles-title = 🔗 Your profiles:
profiles-line = · { $network }: { $url }
profiles-add = ➕ Link a profile
profiles-remove = ✖ Unlink { $network } { $key }
profiles-send-link = Send the link to your profile, e.g. https://vk.com/id123, https://ok.ru/profile/123, https://t.me/my_channel or https://dzen.ru/my_channel.
profiles-linked = ✅ Linked: { $network }, { $url }
profiles-removed = Profile unlinked.
profiles-refused-empty = Send the link to a profile.
profiles-refused-unknown_network = That is not VK, OK, Telegram or Dzen. Send the link to a profile on one of them.
profiles-refused-not_a_profile = That links to a post, a section or an invite, not a profile. Open your page and copy its link.
profiles-refused-taken = This profile is linked to another member. If it is yours, write to a coordinator.
profiles-refused-already_yours = This profile is linked to you already.
profiles-refused-too_many = Too many profiles linked: unlink some first.

## Post verification
post-pending-verification = 🔎 Link received; the post is being checked, which usually takes a few seconds. Points come after the check. Today: { $today } of { $cap }.
verify-counted = ✅ Post checked and counted: +{ $points } { $n ->
        [one] point
       *[other] points
    }.
    { $url }
verify-refused = ❌ Post not counted after the check: { $reason }.
    { $url }
verify-handed-over-no_check = 🔎 This post cannot be checked automatically, so a coordinator will look at it. Points come after that.
    { $url }
verify-handed-over-no_token = 🔎 A coordinator will look at this post: the automatic VK check is not set up. Points come after that.
    { $url }
verify-handed-over-outage = 🔎 The network did not answer for a long time, so a coordinator will look at the post. Points come after that.
    { $url }
verify-handed-over-unclear = 🔎 The automatic check was inconclusive, so a coordinator will look at the post. Points come after that.
    { $url }
me-pending-verification = 🔎 Being checked: { $count } { $count ->
        [one] post
       *[other] posts
    }
post-refused-suspended = ⛔ You are suspended from the rating, so posts earn no points for now.
post-intro-verified = Posts are checked automatically: points usually come within seconds.
profiles-open = 🔗 My social network profiles

## Fraud signals
cmd-flags = signals of possible cheating
flags-none = 🚩 No open signals.
flags-title = 🚩 Open signals: { $count }. Newest first. A signal is a reason to look, not a verdict: nothing is revoked until you decide.
flag-referral_burst = 🚩 <b>Referral burst</b> · { $found }
    { $name } brought in { $count } people within a day: from { $first } to { $last }.
    Referees: { $people }
flag-idle_referees = 🚩 <b>Referees who never act</b> · { $found }
    { $idle } of { $name }'s { $referees } referees ({ $share } %) sent no post and came to no meeting in their first week.
    Who: { $people }
flag-referee_erased = 🚩 <b>A referee erased their data soon</b> · { $found }
    Member { $referee }, invited by { $name }, registered { $registered } and erased their data { $erased }.
flag-refused_posts = 🚩 <b>Many rejected posts</b> · { $found }
    { $name } had { $count } posts rejected on { $day }.
flag-profile_claimed_twice = 🚩 <b>Someone else's profile</b> · { $found }
    { $name } tried to link { $profile }, which is linked to member { $holder }.
flag-shared_phone = 🚩 <b>One phone, several members</b> · { $found }
    The number ending in { $ends }: { $people }
flag-repeated_attendees = 🚩 <b>The same people at every meeting</b> · { $found }
    Organiser { $name }: { $checkins } check-ins at { $meetings } meetings, only { $people } different people.
flag-attendees_from_elsewhere = 🚩 <b>Attendees from other cities</b> · { $found }
    Organiser { $name }: { $elsewhere } of { $checkins } check-ins are people from other cities.
flag-open-entries = 📋 The member's entries
flag-revoke = ↩️ Revoke the points for these referees
flag-trust = ✅ I trust them
flag-suspend = ⛔ Suspend
flag-dismiss = 🙈 All is well
flag-dismissed = 🙈 Marked as all well.
flag-suspended = ⛔ { $name } is suspended.
flag-trusted = ✅ { $name } is marked as a trusted member.
flag-revoked = ↩️ Entries revoked: { $count }.
flag-no-entries = No entries.
flag-refused-unknown = There is no such signal.
flag-refused-not_in_scope = This signal is outside your area.
flag-refused-closed = This signal was decided already.
flag-refused-nothing_to_revoke = Nothing to revoke: the points for these referees are revoked already or were never awarded.
flag-reason-referral_burst = a referral burst
flag-reason-idle_referees = referees who never act
flag-reason-referee_erased = a referee erased their data at once
flag-reason-refused_posts = many rejected posts
flag-reason-profile_claimed_twice = tried to link someone else's profile
flag-reason-shared_phone = several accounts with one phone
flag-reason-repeated_attendees = the same people check in at every meeting
flag-reason-attendees_from_elsewhere = people from other cities check in at the meetings
digest-signals = Open fraud signals: { $count } (/flags)

## Materials as actions
cmd-materials = how many shared each material, by team and day
materials-none = No current materials.
materials-head = 📣 <b>{ $title }</b> · shared: { $count }
materials-teams = By team: { $teams }
materials-days = By day: { $days }
material-shared-count = Shared: { $count }
material-hashtag = Hashtag in the post: #{ $hashtag }
material-original = The original to repost: { $url }

## Post moderation mode
cmd-moderation = how posts count: verified, manual or auto
usage-moderation = Write it like this: <code>/moderation verified</code> (the bot checks posts itself), <code>/moderation manual</code> (a coordinator looks at each post) or <code>/moderation auto</code> (posts count at once).
moderation-verified = the bot checks each post on its network
moderation-manual = a coordinator checks each post
moderation-auto = posts count at once, unchecked
moderation-set = ✅ Campaign «{ $name }»: { $mode }.
