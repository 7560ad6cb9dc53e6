## Issue 13: texts for people (help, roles, zero points, staff panel, invites)

# How this language writes the decimal point of a point value.
number-decimal-mark = .

## How points are earned: /help, the end of registration, a member with no points yet
points-word = { $n ->
        [one] point
       *[other] points
    }
how-points-title = <b>How to earn points</b>
how-points =
    📣 A post with campaign material — { $post } { $post_word }, up to { $cap } posts a day: press «📣 Support online!», share the material in your social network and send the link to your post here.
    🤝 A meeting — { $meeting } { $meeting_word }: come to a meeting of your district (/meetings) and show the organiser your QR card (/card).
    ✉️ A friend who joins through your link — { $referral } { $referral_word } (/invite).
    ➕ Plus { $share } % of the points each person you invited earns for posts and meetings.
help-commands-title = <b>Commands</b>
help-staff-title = <b>Tools for organisers and coordinators</b> (all as buttons — /panel)
me-first-point = No points yet, so no place in the rating yet. The easiest first point is a post: press «📣 Support online!» and send the link to your post. Other ways — /help.
rating-you-zero = You have no points yet, so no place in the rating. Your first point: a post with campaign material — «📣 Support online!».
me-telegram-id = Your Telegram ID: <code>{ $id }</code> (a coordinator needs it to give you a role).

## One example per staff command in /help
help-example-newmeeting = <code>/newmeeting</code> — the bot asks for the district, title, place and time.
help-example-mymeetings = <code>/mymeetings</code> — your meetings: the meeting QR, check-in, who came.
help-example-import_districts = <code>/import_districts</code>, then send a CSV file with the columns code,name,city.
help-example-grant_organiser = <code>/grant_organiser @anna_k NSK-1</code> — Anna becomes an organiser of district NSK-1.
help-example-revoke_organiser = <code>/revoke_organiser @anna_k NSK-1</code> — remove that role.
help-example-move = <code>/move @anna_k NSK-2</code> — move Anna to the team of district NSK-2.
help-example-campaigns = <code>/campaigns</code> — all campaigns with their dates.
help-example-publish = <code>/publish NSK-1</code> — material for one district; <code>/publish</code> — for your whole area.
help-example-moderate = <code>/moderate</code> — submitted posts one by one: count or reject.
help-example-revoke = <code>/revoke 17 post deleted</code> — revoke entry no. 17 with a reason.
help-example-entries = <code>/entries @anna_k</code> — a member's latest entries with their numbers.
help-example-export = <code>/export</code> — the rating of your area as CSV and Excel files.
help-example-announce = <code>/announce</code> — the bot asks for the text and whom to send it to.
help-example-digest = <code>/digest</code> — the digest of your area right now.
help-example-grant_coordinator = <code>/grant_coordinator @ivan_p Novosibirsk</code> or <code>/grant_coordinator 123456789 all</code>.
help-example-revoke_coordinator = <code>/revoke_coordinator @ivan_p Novosibirsk</code> — remove that role.
help-example-new_campaign = <code>/new_campaign Winter-2026 01.12.2026 28.02.2027</code> — the name, first and last day.
help-example-broadcast_rating = <code>/broadcast_rating</code> — send today's rating now instead of in the evening.
help-example-panel = <code>/panel</code> — all your tools as buttons.

## Plain questions instead of commands

## Roles: the person is told
role-granted-organiser =
    🎉 You are now an organiser: { $scope }.
    What an organiser does:
    • /newmeeting — create a meeting: the bot asks for the district, title, place and time;
    • /mymeetings — your meetings: the meeting QR, «▶️ Start check-in», who came.
    At the meeting press «▶️ Start check-in» and scan members' QR cards with your phone camera — points are added by themselves.
    All tools as buttons — /panel, examples — /help.
role-granted-coordinator =
    🎉 You are now a coordinator: { $scope }.
    What a coordinator does:
    • /grant_organiser — appoint an organiser, e.g. <code>/grant_organiser @nick DISTRICT_CODE</code>;
    • /publish — publish material for posts;
    • /moderate — review submitted posts;
    • /announce — send an announcement to members;
    • /digest — the digest, /export — the rating as a file.
    All tools as buttons — /panel, examples — /help.
role-revoked-organiser = Your organiser role was removed: { $scope }. If this is a mistake, write to your coordinator.
role-revoked-coordinator = Your coordinator role was removed: { $scope }. If this is a mistake, write to an administrator.
role-not-told = Could not tell them: this person has not opened the bot yet. Ask them to press /start.
move-told = 🔁 A coordinator moved you to another team: { $district } ({ $city }). Points earned before stay with the old team, new ones go to the new one. Your team — /team.

## Leaving a dialog: these words typed in any dialog work as /cancel (comma-separated)
cancel-words = cancel, stop, back, exit, отмена, стоп, назад
dialog-cancel = ✖ Cancel
cancelled-registration = Registration stopped. To continue — /start.

## Registration: typed answers
reg-did-you-mean = Did you mean one of these? Press the right one.
reg-city-unknown = Could not find the city «{ $typed }». Choose it with a button below.
reg-district-unknown = Could not find the district «{ $typed }» in this city. Choose it with a button below.
reg-invited-by = { $name } invited you — thank you for joining!

## The digest chart with no points yet
digest-chart-empty = No points yet

## Exports: column headers
export-sheet = Rating
export-col-rank = Place
export-col-member_id = Member number
export-col-name = Name
export-col-district_code = District code
export-col-district = District
export-col-city = City
export-col-points = Points in total
export-col-posts = Points for posts
export-col-meetings = Points for meetings
export-col-surveys = Points for surveys
export-col-referrals = Points for invitations
attendees-col-number = No.
attendees-col-name = Name
attendees-col-username = Telegram
attendees-col-district = District
attendees-col-method = Checked in
attendees-col-organiser = Checked in by
attendees-col-time = Time

## Durations in words
duration-hours = { $n } h
duration-minutes = { $n } min
duration-seconds = { $n } s
question-what-to-do = Where to start: share campaign material and send the link to your post («📣 Support online!»), come to your district's meetings («🤝 Meetings») and invite friends («✉️ Invite»).
question-more = All commands — /help.

## The staff panel
menu-panel = 🧰 Panel
cmd-panel = your tools as buttons
panel-title = 🧰 <b>Your tools</b>. Press one — the bot tells you what to do next.

## Invitations
invite-share = 📤 Share
invite-share-text = Join the «{ $org }» team: we support the campaign online and at meetings.
invite-nobody-yet = Nobody has joined through your link yet. Press «📤 Share» — the bot prepares a message with the link.
invite-joined-title = <b>Joined through your link:</b>
invite-joined-line = { $number }. { $name } — { $state }
invite-status-points = { $points } { $n ->
        [one] point
       *[other] points
    }
invite-status-no-points = no points yet
invite-status-deleted = erased their data
invite-anonymous = a member
invite-joined-more = …and { $count } more.
invite-first-share = 💸 Your first share from the people you invited: { $name } earned points, and you get +{ $points } { $n ->
        [one] point
       *[other] points
    } — { $share } % of their points. The same happens with every point your invitees earn for posts and meetings.
help-example-trust = <code>/trust @anna_k</code> — Anna's posts count without review.
help-example-untrust = <code>/untrust @anna_k</code> — Anna's posts are reviewed again.
help-example-meetings_mode = <code>/meetings_mode confirmed</code> — meeting points after a coordinator confirms; <code>auto</code> — at once.
