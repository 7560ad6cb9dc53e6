## «Support online!»: materials and post links
post-intro =
    📣 <b>Support online!</b>
    Share campaign material on your social networks and send the link to your post here: +{ $points } { $n ->
        [one] point
       *[other] points
    } for each post, up to { $cap } posts a day. Each post counts once.
post-intro-moderated = A coordinator checks posts: points come after the check.
post-no-materials = No fresh material yet — share any post about the campaign and send its link.
post-materials-title = Material to share:
post-material-shared = 📎 I shared it — send the link
post-send-link = Send the link to your post with «{ $title }».
post-counted = ✅ Post counted: +{ $points } { $n ->
        [one] point
       *[other] points
    }. Today: { $today } of { $cap }.
post-pending = 📝 Link received. A coordinator will check the post; points come after the check. Today: { $today } of { $cap }.
post-which-material = Which material did you share? It shows coordinators what spreads best.
post-material-noted = ✅ Noted: «{ $title }».
post-link-no_url = There is no link in your message. Send the link to your post, e.g. https://vk.com/wall-1_2.
post-link-not_allowed = That network is not accepted. Links to posts on these work: { $networks }.
post-link-not_a_post = That links to a page, profile or group, not a post. Open the post itself and copy its link.
post-link-too_long = That link is too long. Copy the short link of the post.
post-refused-no_campaign = No campaign is running now — no points are awarded.
post-refused-outside_dates = The campaign «{ $campaign }» runs from { $start } to { $end } — no points are awarded outside these dates.
post-refused-duplicate = Another member has already sent this post — each post counts once.
post-refused-duplicate_own = You have already sent this post — it counts once.
post-refused-daily_cap = That is today's limit of { $cap } posts. Send new ones tomorrow!
post-refused-unknown_material = That material has been withdrawn. Send the link again without choosing a material.
post-approved = ✅ Your post was checked and counted: +{ $points } { $n ->
        [one] point
       *[other] points
    }.
    { $url }
post-rejected =
    ❌ Your post was not counted: { $reason }
    { $url }

## Invitations
invite-text =
    ✉️ <b>Invite your friends</b>
    Your personal link: { $link }
    For everyone who registers through it: 10 points plus 30 % of their points.
    Joined so far: { $count }.
invite-qr-caption = { $org }: scan to join

## Profile and rating
me-points = 🏆 Points: <b>{ $points }</b>
me-kind-post = posts
me-kind-meeting = meetings
me-kind-referral = invitations
me-kind-referral_share = share of invitees' points
me-kind-line = · { $kind }: { $points }
me-rank = Place: { $rank } of { $of } · in your team: { $team_rank } of { $team_of }
me-no-rank = You are not in this campaign's rating yet.
me-referrals = Invited: { $count }
me-overtake = To move up a place (now held by { $name }) you need { $points } more { $n ->
        [one] point
       *[other] points
    }.
me-leader = 🥇 You are in first place!
me-no-campaign = The campaign has not started yet — no points so far.
rating-title = 🏆 <b>Rating «{ $campaign }»</b>
rating-empty = Nobody has scored yet.
rating-line = { $rank }. { $name } ({ $team }) — { $points }
rating-you = You: place { $rank } of { $of }, { $points } { $n ->
        [one] point
       *[other] points
    }.
rating-teams-title = <b>Teams</b> (points · per member):
rating-team-line = { $rank }. { $team } ({ $city }) — { $points } · { $per_member }
rating-no-campaign = No rating yet: the campaign has not started.
team-title = 👥 <b>Team «{ $team }»</b> ({ $city })
team-summary = Place among teams: { $rank } of { $of } · { $points } · per member: { $per_member } · members: { $members }
team-top-title = Best in the team:
team-you = You: place { $rank } of { $of } in the team.

## Coordinators: material, moderation, revocation, export
publish-ask-text =
    Material { $scope }. Send the text: the first line is the title, the rest is the post. You may send a photo with a caption.
    Cancel with /cancel.
publish-ask-link = Add a link for members to share, or press «No link».
publish-no-link = No link
publish-bad-link = That is not a link. Send a link (https://…) or press «No link».
publish-done = ✅ Material «{ $title }» published { $scope }. Members see it under «📣 Support online!».
publish-withdraw = Withdraw
publish-withdrawn = Material «{ $title }» withdrawn.
publish-refused-no_campaign = No campaign is running — there is nowhere to publish material.
publish-refused-empty = The material is empty. Send a text (the first line is the title).
publish-refused-too_long = Too long: at most 3000 characters.
publish-refused-not_in_scope = That is outside your area.
publish-refused-unknown = No such material, or it is withdrawn already.
publish-unknown-scope = «{ $scope }» not found. Give a district code, a city or «all»: /publish NSK-1
material-for-all = for everyone
material-for-city = for the city of { $city }
material-for-district = for district { $district }
moderate-empty = ✅ No posts waiting for a check.
moderate-card =
    📝 Post to check ({ $waiting } waiting)
    From: { $name } ({ $district })
    Material: { $material }
    { $url }
moderate-no-material = not given
moderate-approve = ✅ Count it
moderate-reject = ❌ Reject
moderate-skip = ⏭ Skip
moderate-back = ← Back
moderate-choose-reason = Why is the post rejected?
moderate-approved = ✅ Counted: { $name }, { $url }
moderate-rejected = ❌ Rejected ({ $reason }): { $name }, { $url }
moderate-refused-unknown_post = No such post.
moderate-refused-not_in_scope = That post is outside your area.
moderate-refused-already_decided = That post has been checked already.
moderate-refused-campaign_finished = The campaign is over; the rating is frozen.
reject-reason-not_material = the post does not share campaign material
reject-reason-unavailable = the post is unavailable or deleted
reject-reason-not_own = it is not your post
reject-reason-rules = the post breaks the campaign's rules
usage-revoke = Like this: <code>/revoke ENTRY_NUMBER reason</code>, e.g. <code>/revoke 17 post deleted</code>. A member's entry numbers: <code>/entries @name</code>.
entry-revoke-done = ↩️ Entry #{ $id } revoked: { $name }, −{ $points }. Reason: { $reason }
entry-revoke-shares = The inviter's share was revoked too: −{ $points }.
entry-revoke-refused-not_found = There is no entry #{ $id }.
entry-revoke-refused-is_reversal = #{ $id } is a revocation itself and cannot be revoked.
entry-revoke-refused-already_revoked = Entry #{ $id } is revoked already.
entry-revoke-refused-is_share = #{ $id } is an inviter's share: revoke the original entry and the share goes with it.
entry-revoke-refused-not_in_scope = Entry #{ $id } is outside your area.
entry-revoke-member-told = ↩️ A coordinator revoked points: −{ $points } ({ $kind }). Reason: { $reason }
export-no-campaign = Nothing to export: there are no campaigns yet.
export-caption = Rating «{ $campaign }»: { $count } members.
usage-entries = Like this: <code>/entries @name</code> or <code>/entries TELEGRAM_ID</code>: a member's latest entries with the numbers <code>/revoke</code> needs.
entries-refused-not_a_member = { $who } is not a member of the campaign.
entries-refused-not_in_scope = { $who } is outside your area.
entries-none = { $name } has no entries in this campaign yet.
entries-head = Latest entries: { $name }
entries-line = #{ $id } · { $when } · { $what } · +{ $points }
entries-line-revoked = <s>#{ $id } · { $when } · { $what } · +{ $points }</s> (revoked)
entries-footer = To revoke: <code>/revoke NUMBER reason</code>
