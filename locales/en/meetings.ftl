## meetings

## Members: /meetings and "I'll come"
meetings-none = No meetings are planned in your district yet. When an organiser schedules one, it will appear here.
meetings-title = 🤝 <b>Meetings in your district</b>
meetings-item =
    { $number }. <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    👥 Coming: { $coming }
meetings-you-go = ✅ You are coming
meetings-going = ✋ I'll come: { $number }. { $title }
meetings-not-going = ↩️ Not coming: { $number }. { $title }
rsvp-going = ✅ See you there! We will remind you the day before and two hours before.
rsvp-not-going = All right, you are no longer on the list.
rsvp-refused-unknown_meeting = There is no such meeting.
rsvp-refused-closed = This meeting is closed.
rsvp-refused-over = This meeting is over.
rsvp-refused-other_district = This meeting is for another district.
meeting-reminder =
    ⏰ A meeting is coming up: <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    Show the organiser your QR card (/card) or scan the meeting's QR to get your points.

## Members: /card
card-caption =
    🪪 Member QR card of { $name }.
    Show it to the organiser at a meeting: they scan it with their phone camera and you get your points.
    Do not share your card. If someone else has it, re-issue it.
card-reissue = 🔄 Re-issue my card
card-reissue-ask = Re-issue your card? The old QR code will stop working.
card-reissue-yes = 🔄 Yes, re-issue
card-reissue-no = No, keep it
card-kept = All right, your card stays the same.
card-reissued = ✅ Your card is re-issued; the old code no longer works. The new one is below.

## Scanning a card
card-explained = 🪪 This is a member's QR card. An organiser scans it at a meeting to confirm attendance. It gives you nothing. Your own card is in /card.
card-scan-no-session = 🪪 This is a member's card. To check members in, open the meeting in /mymeetings and press "▶️ Start check-in".
card-scan-choose = Which meeting should this member be checked in to?
card-scan-done = ✅ { $name } is checked in to "{ $meeting }". Present: { $present }.
card-scan-already = ☑️ { $name } is already checked in to "{ $meeting }". Present: { $present }.

## Scanning the meeting QR
checkin-register-first = 🤝 This is a meeting's QR code. To get points for attending, please register first — it takes a minute. Then scan the code again.
checkin-member-done = ✅ You are checked in to "{ $meeting }": +{ $points } { $n ->
        [one] point
       *[other] points
    }. Thank you for coming!
checkin-member-already = ☑️ You are already checked in to "{ $meeting }". Points are given once.
checkin-need-location = 📍 "{ $meeting }" counts only on site (within { $radius } m). Press "📍 Send my location" below.
checkin-share-location = 📍 Send my location
checkin-location-cancel = Cancel
checkin-location-cancelled = All right, check-in cancelled.
checkin-location-use-button = Press "📍 Send my location" below, or "Cancel".
checkin-location-forwarded = We need your current location, not a forwarded one. Press "📍 Send my location".

## Check-in refusals
checkin-refused-unknown_meeting = There is no such meeting: the QR code is not valid.
checkin-refused-closed = "{ $meeting }" is closed; check-in is no longer possible.
checkin-refused-not_yet_open = Check-in for "{ $meeting }" has not started yet: it opens at { $opens }.
checkin-refused-over = This QR code has expired: check-in for "{ $meeting }" ended at { $closes }.
checkin-refused-qr_revoked = This meeting QR code was revoked: the organiser issued a new one. Scan the current code.
checkin-refused-unknown_member = There is no such member: the card is not valid.
checkin-refused-card_revoked = This card was revoked: the member issued a new one. Ask them to show the current one (/card).
checkin-refused-not_organiser = Only this meeting's organiser can check members in.
checkin-refused-no_session = Check-in for "{ $meeting }" is stopped. Start it again in /mymeetings.
checkin-refused-self_scan = You cannot check in your own card: the organiser earns no points for their own meeting.
checkin-refused-no_campaign = No campaign is running now: no points are given and the check-in is not recorded.
checkin-refused-need_location = This meeting needs your location.
checkin-refused-too_far = You are too far from "{ $meeting }" (you need to be within { $radius } m). Come closer and send your location again.

## QR links that do not work
qr-refused-malformed = This link is damaged: it carries no valid code.
qr-refused-forged = This link is forged or altered: its code failed the check.

## Organisers: /newmeeting
nm-no-districts = You have no districts where you can hold meetings. Please ask a coordinator.
nm-ask-district = Which district is the meeting for?
nm-district-chosen = ✅ District: { $district } ({ $city }).
nm-ask-title = New meeting, district "{ $district }". What is it called? For example: "Meet the residents". Cancel: /cancel.
nm-title-too_short = The title is too short: at least 3 characters.
nm-title-too_long = The title is too long: at most 80 characters.
nm-ask-place = Where will it be? An address or a clear landmark.
nm-place-too_short = The place is too short: at least 3 characters.
nm-place-too_long = The place is too long: at most 200 characters.
nm-ask-start =
    When does it start? Pick a button or type, for example:
    <code>25.12 18:30</code>, <code>tomorrow 18:00</code>, <code>fri 18:30</code>, <code>18:30</code> (today)
    Or with the end: <code>18:30-20:00</code>
nm-quick-today = Today { $time }
nm-quick-tomorrow = Tomorrow { $time }
nm-ask-end =
    Starts: { $start }. How long will it last? Pick a button or type the end time (<code>20:00</code>) or a length (<code>+2h</code>, <code>90 min</code>).
nm-quick-length = +{ $hours } h
nm-time-unrecognised = I did not understand the time. Type, for example, <code>25.07 18:30</code>, <code>tomorrow 18:00</code> or <code>18:30</code>.
nm-time-no_time = Please add the time, for example: <code>25.07 18:30</code>.
nm-time-no_such_date = There is no such date. Check the day and month.
nm-time-in_the_past = That time has passed. Please give a future one.
nm-time-too_far = Too far ahead: a meeting can be scheduled at most a year in advance.
nm-time-end_before_start = The end must be after the start.
nm-time-too_long = Too long: a meeting lasts at most a day.
nm-ask-location =
    Count meeting-QR check-ins only on site? Send the meeting point with "📍 Send the meeting point" (while you are there) or attach a location. Otherwise press "No geofence".
nm-send-location = 📍 Send the meeting point
nm-no-geofence = No geofence
nm-location-use-buttons = Send a location or press "No geofence": the buttons are below.
nm-location-saved = 📍 Meeting point saved.
nm-geofence-skipped = All right, no geofence.
nm-ask-radius = Within what radius should check-ins count? Pick one or type a number of metres.
nm-radius-button = { $metres } m
nm-radius-bad = Type the radius in metres: from { $low } to { $high }.
nm-geofence-radius = within { $metres } m
nm-geofence-none = none
nm-confirm =
    <b>Check the meeting</b>
    <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    🧭 Geofence: { $geofence }
nm-create = ✅ Create
nm-discard = ✖ Cancel
nm-discarded = The meeting was not created.
nm-created = ✅ Meeting created.

meeting-refused-unknown_meeting = There is no such meeting.
meeting-refused-unknown_district = There is no such district.
meeting-refused-not_organiser = This is not your district: you cannot hold meetings here.
meeting-refused-closed = The meeting is already closed.
meeting-refused-over = The meeting is over: check-in is no longer possible.
meeting-refused-bad_times = The meeting time is wrong: please start again with /newmeeting.
meeting-refused-bad_geofence = The geofence is wrong: please start again with /newmeeting.

## Organisers: /mymeetings and the meeting card
mm-none = No meetings yet. Create one: /newmeeting.
mm-title = Your meetings (upcoming and from the last day):
mm-card =
    <b>{ $title }</b>
    🏘 { $district } ({ $city })
    📅 { $when }
    📍 { $place }
    🧭 Geofence: { $geofence }
    🔳 QR valid: { $opens } – { $closes }
    ✅ Present: { $present } · 👥 Coming: { $coming }
mm-closed = 🔒 The meeting is closed.
mm-checking-in = ▶️ Card check-in is running.
mm-show-qr = 🔳 Show the meeting QR
mm-start-checkin = ▶️ Start check-in
mm-stop-checkin = ⏹ Stop check-in
mm-attendees = 👥 Attendees
mm-reissue-qr = 🔄 New QR
mm-close = 🔒 Close
mm-qr-caption =
    🔳 QR of "{ $title }".
    Members scan it with their phone camera. Valid from { $opens } to { $closes }.
mm-checkin-started =
    ▶️ Check-in for "{ $title }" has started.
    Scan members' QR cards with your phone camera: the link opens the bot and the member is checked in.
mm-checkin-stopped = ⏹ Check-in stopped.
mm-reissue-ask = Issue a new QR for "{ $title }"? The old code (printed ones too) will stop working.
mm-reissue-yes = 🔄 Yes, new QR
mm-close-ask = Close "{ $title }"? Nobody will be able to check in afterwards.
mm-close-yes = 🔒 Yes, close
mm-keep = ↩️ Back
mm-reissued = ✅ A new QR is issued; the old one no longer works.
mm-closed-done = 🔒 "{ $title }" is closed.
mm-attendees-none = Nobody is checked in to "{ $title }" yet.
mm-attendees-title = 👥 <b>{ $title }</b>: { $count } present
mm-attendee = { $number }. { $name } — { $time }, { $method }
mm-method-card_scan = by card
mm-method-meeting_qr = by meeting QR
mm-attendees-more = …and { $count } more — see the file.
mm-attendees-csv = Attendees of "{ $title }".
