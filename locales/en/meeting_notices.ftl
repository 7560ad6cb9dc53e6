## What members hear about meetings (issue 13 item 13)
meeting-announced =
    🤝 A new meeting in your district: <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    Coming? Press "✋ I'll come": we will remind you the day before and two hours before.
meeting-announce-going = ✋ I'll come
meeting-cancelled = ❌ The meeting "{ $title }" ({ $when }) is cancelled. Thank you for planning to come.
meeting-reminder-day-before =
    📅 A reminder of the meeting: <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
rsvp-calendar = 📅 Open this file to add "{ $title }" to your phone's calendar. On the map: { $map }

## /settings: which notifications a member wants
settings-title = ⚙️ Which notifications do you want? Press a line to turn it on or off.
settings-new_meetings = New meetings in your district
settings-new_materials = New materials to share
settings-daily_rating = Daily rating
settings-saved = Saved.
cmd-settings = notifications

## A new material announced to the members of its scope who want it
material-announced =
    📣 New material to share: <b>{ $title }</b>
    Open /post for the steps and the original post. Turn these messages off in /settings.
