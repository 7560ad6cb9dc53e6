## The web side: public rating, dashboard, scanner (SPEC §12)

web-language = Language
web-rating-title = { $campaign } campaign rating
web-find-title = Find yourself in the rating
web-find-label = Your name as in the bot
web-find-placeholder = Your name as in the bot
web-find-button = Find
web-search-too-often = Too many searches in a row. Wait a minute and try again.
web-search-too-short = Type at least two letters of the name.
web-find-none = Nobody named { $query } is in the rating. Check your name in the bot: /me.
web-place = place { $rank } of { $of }
web-points = { $points } { $n ->
    [one] point
   *[other] points
}
web-top-title = Top { $n } members
web-top-empty = Nobody has points yet.
web-col-member = Member
web-col-points = Points
web-col-team = Team
web-col-per-member = Per member
web-hidden-member = A member of team { $team }
web-team-members = { $n ->
    [one] { $n } member
   *[other] { $n } members
}
web-teams-title = Teams
web-chart-title = Team points by day
web-chart-empty = The chart appears once teams earn their first points.
web-rules-title = Rules
web-rules-dates = The { $name } campaign runs from { $start } to { $end }.
web-rules-post = { $points } { $n ->
    [one] point
   *[other] points
} for each post sharing campaign material.
web-rules-meeting = { $points } { $n ->
    [one] point
   *[other] points
} for attending an offline meeting.
web-rules-referral = { $points } { $n ->
    [one] point
   *[other] points
} for each member you bring in, and { $pct } % of their activity points.
web-footer = Rating updated at { $time }. The page refreshes every minute.
web-privacy-note = The rating shows only names, teams and points. You can hide your name in the bot: /privacy.
web-embed-more = The whole rating
web-no-campaign = The campaign has not started yet. Come back later.
web-error-home = Home
web-error-not-found = Page not found
web-error-not-found-text = There is no such page. The link may be out of date.
web-error-forbidden = No access
web-error-forbidden-text = This page is not available to you.
web-error-too-many = Too many requests
web-error-too-many-text = Wait a minute and try again.
web-error-bad-request = Request refused
web-error-bad-request-text = The form is out of date. Open the page again and repeat.
web-error-server = Something went wrong
web-error-server-text = We are looking into it. Try again a little later.

## /privacy: the public rating
privacy-public-rating = The public rating is open to everyone: { $url }
privacy-name-shown = Your name is shown in the public rating now.
privacy-name-hidden = In the public rating you are shown as a member of team { $team }.
privacy-hide-name = Hide my name in the public rating
privacy-show-name = Show my name in the public rating
privacy-name-hidden-done = Done: in the public rating you are now a member of team { $team }.
privacy-name-shown-done = Done: your name is shown in the public rating again.

## /web and the dashboard
cmd-web = coordinators' dashboard on the web
web-signin-link = Your link to the coordinators' dashboard: { $url }
    It works once, for 10 minutes. Do not forward it to anyone.
web-signin-button = Open the coordinators' dashboard
dash-title = Coordinators' dashboard
dash-login-title = Sign in to the coordinators' dashboard
dash-login-by-bot = Send /web to the bot: it replies with a sign-in link.
dash-login-by-widget = Or sign in with Telegram:
dash-login-refused-expired = That link was used already or is out of date. Send /web to the bot again.
dash-login-refused-forged = That link is damaged. Send /web to the bot again.
dash-login-refused-malformed = That link is damaged. Send /web to the bot again.
dash-login-refused-not_coordinator = The dashboard is for coordinators only.
dash-signin-button = Sign in
dash-logout = Sign out
dash-nav-overview = Overview
dash-nav-teams = Teams
dash-nav-members = Members
dash-nav-moderation = Moderation
dash-nav-meetings = Meetings
dash-nav-downloads = Downloads
dash-no-campaign = No campaign is running now.
dash-overview-title = { $campaign } campaign
dash-scope = Your area: { $scope }.
dash-fig-members = Members
dash-fig-posts = Posts
dash-fig-checkins = Meeting check-ins
dash-fig-points = Points
dash-since-yesterday = +{ $n } in a day
dash-pending = Waiting for moderation: { $n ->
    [one] { $n } post
   *[other] { $n } posts
}
dash-leaders = Top members
dash-col-day = Last day
dash-members-search = Name or username
dash-members-none = Nobody found.
dash-entries = Awards
dash-entries-none = No awards yet.
dash-entry-revoked = revoked
dash-revoke = Revoke
dash-revoke-reason = Reason for revoking
dash-reason-missing = Write the reason: the member will see it.
dash-revoked = Award #{ $id } revoked; the member was told.
dash-moderation-empty = Every post is moderated.
dash-moderation-waiting = Waiting: { $n }.
dash-approve = Approve
dash-reject = Reject
dash-reject-reason = Reason for rejecting
dash-approved = Post approved; the member was told.
dash-rejected = Post rejected; the member was told.
dash-meetings-none = No meetings in the last two months.
dash-meeting-closed = closed
dash-attendees = Checked in: { $n }
dash-download-csv = Download the list (CSV)
dash-download-rating = The rating of your area
dash-download-reserve = The personnel reserve
dash-download-attendees = Meeting attendees are on each meeting's page:

## The rally scanner (a Mini App)
scan-button = 📷 Scanner
scan-title = Card scanner
scan-starting = Opening the camera…
scan-hint = Point the camera at a member's card
scan-outside = Open the scanner from the meeting card in the bot: /mymeetings.
scan-network = No connection to the server. Try again.
scan-again = 📷 Scan on
scan-count-label = checked in at the meeting
scan-done = ✅ { $name } · { $present } in all
scan-already = ☑️ { $name } was checked in already · { $present } in all
scan-refused = ⚠️ Not checked in, see the screen
scan-not-a-card = This is not a member's card. Ask them to open it in the bot: /card.
scan-refused-init-data = Open the scanner from the bot again: /mymeetings.
