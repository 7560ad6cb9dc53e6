## Points in mass messages
bc-points = { $points } { $n ->
        [one] point
       *[other] points
    }

## The daily personal rating message
daily-title = 🏆 <b>Rating for { $date }</b>
daily-total = { $name }, you have { $total }.
daily-change = Since yesterday: { $delta }.
daily-change-none = No change since yesterday.
daily-place = Overall place: { $place } of { $places }.
daily-team-place = In team “{ $district }”: { $place } of { $places }.
daily-first = 🥇 You are in first place — keep it up!
daily-gap = To place { $above }: { $gap }.
daily-gap-tie = Place { $above } has the same points — any new point puts you ahead.
daily-queued = ✅ Today's rating is queued for { $count } recipient(s). I will report when the broadcast is over.
daily-refused-already_done = Today's rating has already been sent — it goes out once a day.
daily-refused-no_campaign = No campaign is running now — there is no rating to send.

## The end of a campaign
final-title = 🏁 <b>The campaign “{ $campaign }” is over!</b>
final-total = { $name }, your result: { $total }.
final-place = Final place: { $place } of { $places }.
final-team-place = In team “{ $district }”: { $place } of { $places }.
final-thanks = Thank you for taking part!
reserve-title = 🏁 <b>Results of “{ $campaign }”</b> — { $scope }
    The personnel reserve: the top { $count } of the rating, in the files below.
reserve-line = { $place }. { $name } — { $team } — { $points }
reserve-filename = reserve — { $campaign }
reserve-sheet = Personnel reserve
reserve-csv-caption = Personnel reserve (CSV)
reserve-xlsx-caption = Personnel reserve (Excel)
reserve-col-place = Place
reserve-col-name = Name
reserve-col-district = District
reserve-col-city = City
reserve-col-points = Points
reserve-col-username = Telegram
reserve-col-phone = Phone

## Delivery reports
broadcast-report = 📬 Broadcast “{ $kind }” finished in { $duration }: delivered { $delivered } of { $total }, blocked the bot { $blocked }, not delivered { $failed }.
broadcast-kind-rating = today's rating
broadcast-kind-final = campaign results
broadcast-kind-announcement = announcement
broadcast-kind-digest = coordinators' digest
broadcast-kind-reserve = personnel reserve
broadcast-kind-report = reports

## Coordinators' digest
scope-all = all districts
digest-title = 📊 <b>Digest: { $scope }</b> — { $date }
digest-campaign = Campaign “{ $campaign }”
digest-members = 👥 Members: { $total } (+{ $new } in a day)
digest-posts = 📣 Posts: { $total } (+{ $new } in a day)
digest-pending = 🕒 Awaiting moderation: { $pending } — /moderate
digest-checkins = 🤝 Meeting check-ins: { $total } (+{ $new } in a day)
digest-teams-title = <b>Teams</b>
digest-team-line = { $place }. { $team } ({ $city }) — { $points } (+{ $recent })
digest-more-teams = …and { $count } more teams
digest-leaders-title = <b>Top 10 members</b>
digest-leader-line = { $place }. { $name } — { $team } — { $points }
digest-none = nobody yet
digest-chart-title = Team points by day — “{ $campaign }”
digest-chart-axis = points (cumulative)
digest-chart-caption = 📈 Team points by day
digest-refused-no_campaign = There is no campaign now — nothing to sum up.
digest-refused-already_done = Today's digest has already been sent.

## Announcements
announce-compose = Send the announcement text — or a photo with a caption. Formatting (bold, links) is kept. Cancel: /cancel.
announce-need-text = I need text, or a photo with a caption. Cancel: /cancel.
announce-too-long = Too long: at most { $limit } characters.
announce-caption-too-long = The photo caption is too long: at most { $limit } characters. Shorten it or send text without the photo.
announce-preview = This is how members will see it:
announce-pick-scope = Who should get it? Pick a city or your whole area.
announce-scope-mine = 📢 Everyone in my area
announce-scope-city = 🏙 All of { $city }
announce-pick-district = { $city }: the whole city or one district?
announce-district-label = district “{ $district }” ({ $city })
announce-back = ← Back
announce-nobody = Nobody is registered in “{ $scope }” yet — pick another.
announce-confirm = Send the announcement to { $scope } — { $count } recipient(s)?
announce-send = ✅ Send
announce-cancel = ✖ Cancel
announce-cancelled = The announcement was not sent.
announce-queued = ✅ The announcement is queued: { $scope }, { $count } recipient(s). I will report when the broadcast is over.
