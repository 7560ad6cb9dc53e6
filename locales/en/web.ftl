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
