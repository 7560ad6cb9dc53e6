## Integrity of post points: a post counts once, campaign originals, coordinators' checks
post-refused-counted_before = This post was already sent in an earlier campaign — each post counts once.
post-refused-original = This is the campaign's material itself. Share it on your page and send the link to your own post.
post-refused-rolling_cap = You have sent { $cap2 } { $cap2 ->
        [one] post
       *[other] posts
    } in the last 24 hours — that is the limit. Send new ones later.
post-how-to-copy-link =
    I need the link to your post, not a screenshot or a file. To copy it:
    1. Open your post in the social network.
    2. Tap «Share».
    3. Choose «Copy link» and send it here.
me-posts-pending = 📝 Waiting for a coordinator's check: { $count } { $count ->
        [one] post
       *[other] posts
    }.
post-approved-all = ✅ A coordinator checked and counted your posts ({ $count }): +{ $points } { $n ->
        [one] point
       *[other] points
    }.

moderate-batch-head = 📝 Waiting for a check: { $waiting }. ✅ counts a post, ❌ rejects it.
moderate-batch-line =
    <b>{ $number }.</b> { $name } ({ $district }), material: { $material }
    { $url }
moderate-approve-number = ✅ { $number }
moderate-reject-number = ❌ { $number }
moderate-approve-member = ✅ All posts: { $name } ({ $count })
moderate-trust = ⭐ Trust: { $name }
moderate-more = Next posts ➡️
moderate-done-approved = Counted: { $name }.
moderate-done-rejected = Rejected: { $name }.
moderate-approved-member = Posts counted: { $count } ({ $name }).
moderate-refused-own = You do not check your own posts: another coordinator or an admin will.
moderate-refused-unknown_member = No such member. Give the @username or Telegram id of a member registered in the bot.
moderate-refused-nothing_pending = This member has no posts waiting for a check.
moderate-refused-already_trusted = This member is marked trusted already.
moderate-refused-not_trusted = This member is not marked trusted.
trust-done = ⭐ { $name } is marked trusted: their posts count without a check. To undo — /untrust.
untrust-done = { $name } is no longer marked trusted: a coordinator checks their posts again.
usage-trust = Like this: <code>/trust @name</code> — the member's posts count without a check; <code>/untrust @name</code> — with a check again.
cmd-trust = a member's posts without a check
cmd-untrust = a member's posts with a check again
entry-revoke-refused-own = Entry #{ $id } is your own: another coordinator or an admin will decide on it.
entry-revoke-share-ended = The share of this invitee's points is revoked too (−{ $points }) and is no longer paid.
