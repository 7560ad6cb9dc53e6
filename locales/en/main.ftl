## Main menu (reply keyboard)
menu-post = 📣 Support online!
menu-meetings = 🤝 Meetings
menu-rating = 🏆 Rating
menu-profile = 👤 My profile
menu-invite = ✉️ Invite
menu-help = ❓ Help
menu-placeholder = Choose an action from the menu

## Commands in Telegram's "/" menu and in /help
cmd-start = start, or back to the menu
cmd-post = support online: materials and your post link
cmd-meetings = meetings in your district
cmd-rating = overall and team rating
cmd-me = my profile and points
cmd-card = my QR card for meetings
cmd-invite = invite friends
cmd-team = my team
cmd-help = help
cmd-lang = language / язык
cmd-privacy = what data we keep
cmd-delete_me = delete my data
cmd-cancel = cancel the current action
cmd-newmeeting = create a meeting
cmd-mymeetings = my meetings and check-in
cmd-import_districts = import districts from CSV
cmd-grant_organiser = appoint an organiser
cmd-revoke_organiser = remove an organiser
cmd-move = move a member to another district
cmd-campaigns = campaigns
cmd-publish = publish material
cmd-moderate = review posts
cmd-revoke = revoke points
cmd-entries = a member's entries
cmd-export = export the rating (CSV, XLSX)
cmd-announce = announcement to members
cmd-digest = digest now
cmd-grant_coordinator = appoint a coordinator
cmd-revoke_coordinator = remove a coordinator
cmd-new_campaign = create a campaign
cmd-broadcast_rating = send the rating now


## Language
lang-choose = Выберите язык / Choose your language:
lang-set = Language: English ✅
lang-menu-updated = The menu is updated.
lang-continue = Let's continue: /start

## Privacy
privacy-text =
    <b>Your data in the «{ $org }» bot</b>
    We keep: your Telegram ID and username, your name for the rating, district, phone (if you gave it), language, your points and what they were for, links to your posts and your meeting check-ins.
    Why: to keep the member and team rating, to count your activity and to contact you about the campaign.
    Only your name, district and points are public, in the rating.
    Consent text version: { $version }.
    To delete your data: /delete_me — your name, phone and username are erased and your Telegram ID unlinked; your points stay in the totals anonymously.
privacy-your-consent = You gave consent (version { $version }) on { $date }.
privacy-full-text = Full text: { $url }

## Common
cancelled = Cancelled.
nothing-to-cancel = Nothing to cancel.
stale-button = This button no longer works.
not-permitted = ⛔ This command is not available to you.
unknown-command = There is no such command. See /help.
unknown-text = I did not understand that. Choose an action from the menu below or open /help.
unknown-content = The bot does not handle messages like this. Choose an action from the menu or open /help.
error-apology = Sorry, something went wrong. We are on it — please try again a bit later.
deeplink-invalid = This link is damaged or no longer valid.
already-member = You are already registered.
welcome-back = Welcome back, { $name }! The menu is below.

## Registration
reg-welcome =
    👋 Welcome to «{ $org }»!
    Join the team of your electoral district, support the campaign online and at meetings, and climb the rating. The leaders are recommended for the personnel reserve.

    To take part we need your consent to process your personal data: your name, district and phone (if you give it). What we keep and why: /privacy. The rating is public: your name, team and points will be shown on the website, and you can hide your name in /privacy.
reg-consent-yes = ✅ I agree
reg-consent-no = ❌ I do not agree
reg-privacy-link = 📄 Privacy policy
reg-declined = Without your consent we cannot register you. We have kept nothing about you. Changed your mind? Press /start.
reg-consent-given = ✅ Consent received.
reg-no-districts = Registration is not open yet: districts have not been imported. Please come back later — /start.
reg-ask-city = Choose your city with a button or type its name:
reg-back-to-cities = ← Another city
reg-ask-district = { $city }. Choose your electoral district with a button or type its name:
reg-district-chosen = ✅ District: { $district } ({ $city }).
reg-ask-name = How should we show you in the rating? Type your first and last name, or keep your Telegram name.
reg-keep-name = Keep «{ $name }»
reg-name-chosen = ✅ Rating name: { $name }.
reg-ask-phone = Leave your phone so an organiser can invite you to meetings. This is optional.
reg-share-phone = 📱 Share my number
reg-skip-phone = Skip
reg-phone-not-yours = That is not your number. Press «📱 Share my number» or «Skip».
reg-phone-use-button = That does not look like a phone number. Type it, e.g. +7 910 123-45-67, or press «📱 Share my number» or «Skip» — the buttons are below.
reg-district-gone = That district is no longer available. Please choose another.
reg-resume = Let's continue your registration where you left off.
reg-step-hint = Let's finish your registration first.
reg-done = 🎉 Done, { $name }! You are in the team «{ $district }» ({ $city }). The menu is below.
referral-joined = 🎉 { $name } joined through your invitation: +{ $points } { $n ->
        [one] point
       *[other] points
    }.

name-too_short = Too short: at least 2 characters, please.
name-too_long = Too long: at most 64 characters.
name-bad_characters = Please use no special characters: just your first and last name.

## Profile
profile-basics =
    👤 <b>{ $name }</b>
    Team: { $district } ({ $city })
    Phone: { $phone }
profile-no-phone = not given
profile-rename = ✏️ Change name
profile-move = 🔁 Change district
rename-ask = Type your new name for the rating.
rename-done = ✅ You now appear in the rating as { $name }.
move-ask-city = Choose the city of your new district. You can change district yourself once per campaign; points already earned stay with your old team.
move-ask-district = { $city }. Choose your new district:
move-confirm = ✅ Yes, move
move-confirm-text = Move to the team of { $district } ({ $city })? You can do this only once per campaign.
move-done = ✅ You are now in the team of { $district } ({ $city }).
move-coordinator-done = ✅ { $name } moved to { $district } ({ $city }).
move-refused-unknown_district = There is no such district.
move-refused-same_district = You are already in this district.
move-refused-already_moved = You can change district yourself once per campaign, and you already have. Please ask a coordinator.
move-refused-not_a_member = This person has not registered in the bot: only a member can be moved.

## Erasure
erase-ask = Delete your data? Your name, phone and username will be erased and you will leave the rating. This cannot be undone.
erase-yes = 🗑 Yes, delete
erase-no = No, keep it
erase-kept = All right, nothing was deleted.
erase-done = ✅ Your data has been deleted.
erase-goodbye = Thank you for being with us. You can come back any time — /start.

## Districts import
import-send-file = Send a CSV file with columns <code>code,name,city</code> (UTF-8, comma or semicolon separated).
import-too-large = The file is too large: 2 MB at most.
import-need-csv = Please send a CSV file as a document. To cancel: /cancel.
import-done = ✅ Districts imported: { $added } added, { $updated } updated.
import-failed = ❌ The file was not imported; nothing changed. Errors: { $count }.
import-error-line = Line { $line }: { $problem }
import-more-errors = …and { $count } more errors.
csv-not_utf8 = the file is not UTF-8 encoded
csv-empty_file = the file contains no districts
csv-too_large = the file is too large
csv-bad_header = the first line must be the header code,name,city (found: { $detail })
csv-wrong_columns = exactly 3 columns are needed (found: { $detail })
csv-empty_field = the field { $detail } is empty
csv-field_too_long = the field { $detail } is too long
csv-bad_code = invalid district code «{ $detail }» (letters, digits, - _ .)
csv-outside_scope = the city «{ $detail }» is outside your area
csv-duplicate_code = duplicate code: { $detail }

## Roles
usage-grant_organiser = Usage: <code>/grant_organiser @username DISTRICT_CODE</code> or <code>/grant_organiser ID City</code>
usage-revoke_organiser = Usage: <code>/revoke_organiser @username DISTRICT_CODE</code> or <code>/revoke_organiser ID City</code>
usage-grant_coordinator = Usage: <code>/grant_coordinator @username City</code> or <code>/grant_coordinator ID all</code>
usage-revoke_coordinator = Usage: <code>/revoke_coordinator @username City</code> or <code>/revoke_coordinator ID all</code>
usage-move = Usage: <code>/move @username DISTRICT_CODE</code>
usage-new_campaign = Usage: <code>/new_campaign Name 2026-12-01 2027-02-28</code>
grant-refused-unknown_scope = No district or city «{ $scope }». Give a district code, a city name or «all».
grant-refused-not_in_your_scope = That is outside your area of responsibility.
grant-refused-unknown_user = Could not find { $who }. They must open the bot and press /start first. Then give their @username or Telegram ID — they see it in «👤 My profile».
grant-refused-already = { $who } already has this role.
grant-refused-not_held = { $who } does not have this role.
grant-done = ✅ { $who } — { $role }: { $scope }.
revoke-done = ✅ { $who } is no longer { $role }: { $scope }.
role-organiser = organiser
role-coordinator = coordinator

## Campaigns
campaigns-none = No campaigns yet.
campaigns-title = <b>Campaigns</b>
campaigns-line = • { $name }: { $start } — { $end } ({ $state })
campaign-active = running
campaign-finished = finished
campaign-planned = planned
campaign-refused-bad_dates = The end date is before the start date.
campaign-refused-overlaps = The campaign overlaps another: only one can run at a time.
campaign-refused-empty_name = The campaign needs a name.
campaign-created = ✅ Campaign «{ $name }»: { $start } — { $end }.
