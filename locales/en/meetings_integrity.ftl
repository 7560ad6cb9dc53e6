## Integrity of meeting points (SPEC §9): own meetings, one place at a time, confirmation

## Check-in refusals
checkin-refused-own_meeting = You organise the meeting "{ $meeting }": no points for your own meeting.
checkin-refused-overlaps = You are already checked in to "{ $other }" ({ $when }) at that time. Meetings at the same time earn points once.
checkin-refused-meeting_refused = A coordinator did not confirm that the meeting "{ $meeting }" took place: check-in to it is closed.
card-scan-own_meeting = This member organises the meeting "{ $meeting }": no points for one's own meeting.
card-scan-overlaps = { $name } is already checked in to "{ $other }" ({ $when }), which runs at the same time. Meetings at the same time earn points once.
checkin-member-pending = ✅ You are checked in to "{ $meeting }". +{ $points } { $n ->
        [one] point
       *[other] points
    } will be added once a coordinator confirms that the meeting took place.
card-scan-pending-note = Members get their points once a coordinator confirms the meeting from your report.

## Organisers: overlapping meetings
nm-refused-overlaps = You already have a meeting at that time: "{ $other }", { $when }. One organiser cannot run two meetings at once. Type another start time.
meeting-refused-overlaps = You are already running "{ $other }" ({ $when }) at that time: one meeting at a time.

## Organisers: the meeting card and the report
mm-confirmation-awaiting = 📝 Points for this meeting are added once a coordinator confirms it. After it starts, send a report: a photo and one line on how it went. Waiting for confirmation: { $pending }.
mm-confirmation-reported = 📨 Report sent, waiting for a coordinator. Waiting for confirmation: { $pending }.
mm-confirmation-confirmed = ✅ A coordinator confirmed the meeting; points added.
mm-confirmation-refused = ❌ A coordinator did not confirm the meeting; no points.
mm-send-report = 📝 Send a report
report-ask-photo = Send one photo from "{ $title }" with one line in its caption on how the meeting went.
report-ask-text = Got the photo. Now one line: how did the meeting go?
report-photo-expected = A photo from the meeting is needed. Send a photo (not a file) or /cancel.
report-text-expected = One line about the meeting is needed. Type it or /cancel.
report-sent = ✅ The report on "{ $title }" went to a coordinator. Once they confirm the meeting, members get their points.
report-refused-unknown_meeting = There is no such meeting.
report-refused-not_organiser = The meeting's organiser sends the report.
report-refused-decided = A coordinator has already decided on this meeting.
report-refused-not_needed = This meeting needs no report: points are added at check-in.
report-refused-not_started = The meeting has not started yet: send the report once it has.
report-refused-no_reviewer = Nobody can confirm the meeting: there is no other coordinator for this district. Contact an admin.
report-refused-text_too_short = Too short: write a few words at least.
report-refused-text_too_long = Too long: keep the report within 300 characters.

## Coordinators: deciding on a report
report-review =
    📝 Report on the meeting "{ $title }"
    District: { $district } ({ $city })
    When: { $when }
    Organiser: { $organiser }
    Members checked in: { $present }
    Report: { $text }
    Confirm that the meeting took place, and members get their points.
report-confirm = ✅ It took place
report-refuse = ❌ Do not confirm
review-confirmed = ✅ You confirmed the meeting "{ $title }".
review-refused = ❌ You did not confirm the meeting "{ $title }": no points for it.
review-refused-unknown_meeting = There is no such meeting.
review-refused-not_coordinator = Only a coordinator of this district confirms meetings.
review-refused-own_meeting = You cannot confirm your own meeting: another coordinator or an admin will.
review-refused-not_reported = The organiser has not sent a report yet.
review-refused-decided = This meeting has already been decided on.

## Attendees and the organiser hear the decision
attendance-confirmed = ✅ A coordinator confirmed the meeting "{ $title }": +{ $points } { $n ->
        [one] point
       *[other] points
    } for you.
attendance-refused = A coordinator did not confirm that the meeting "{ $title }" took place, so it earns no points.
report-decided-confirmed = ✅ A coordinator confirmed "{ $title }": members got their points.
report-decided-refused = ❌ A coordinator did not confirm "{ $title }": members get no points for it.

## Geofenced check-in: only a location shared from the button at that moment
checkin-location-venue = Your own location is needed, not a place picked on the map. Press "📍 Send my location" below.
checkin-location-stale = This location was sent too long ago. Press "📍 Send my location" again.
checkin-location-edited = An edited location does not count. Press "📍 Send my location" again.
checkin-location-live = A live location does not count. Press the "📍 Send my location" button below.

## Admins: meeting confirmation per campaign
usage-meetings_mode = How meetings earn points in the current campaign: /meetings_mode auto — at check-in, /meetings_mode confirmed — once a coordinator confirms the organiser's report.
meetings-mode-set = Campaign "{ $name }": { $mode ->
        [confirmed] meeting points are added once a coordinator confirms the meeting.
       *[auto] meeting points are added at check-in.
    }
meetings-mode-no-campaign = There are no campaigns yet: create one first (/new_campaign).
cmd-meetings_mode = meeting points: at once or after confirmation
