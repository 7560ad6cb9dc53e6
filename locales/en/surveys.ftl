## Surveys (SPEC §11)
cmd-survey = make a survey
cmd-surveys = surveys and their results
me-kind-survey = surveys
broadcast-kind-survey = survey

## The invitation and answering
survey-invite-title = 📋 Survey: <b>{ $title }</b>
survey-invite-questions = { $n ->
    [one] { $n } question
   *[other] { $n } questions
}, open until { $ends }.
survey-invite-points = A complete answer earns { $points } { $n ->
    [one] point
   *[other] points
}.
survey-invite-anonymous = Answers are anonymous: organisers see the totals only.
survey-invite-how = Questions come one at a time; you can go back a step and finish later.
survey-take = 📝 Take the survey
survey-question-number = Question { $n } of { $of } · { $title }
survey-hint-single = Pick one option.
survey-hint-multi = Tick every option that fits, then press Done.
survey-hint-scale = Rate from 1 to 5, 5 being the best.
survey-hint-text = Type your answer in one message.
survey-hint-optional = You may skip this question.
survey-your-answer = Your earlier answer: { $answer }
survey-done = ✅ Done
survey-back = ⬅ Back
survey-skip = Skip ➡
survey-skipped = skipped
survey-answered = { $n }. { $question }
    → { $answer }
survey-thanks = 🙏 Thank you! Your answers are saved.
survey-thanks-points = { $points } { $n ->
    [one] point
   *[other] points
} for a complete answer.
survey-paused = Your answers are saved. To go on, press Take the survey in the invitation.
survey-first-question = This is the first question; there is nothing before it.
survey-refused-not_found = There is no such survey.
survey-refused-not_invited = This survey was sent to other members, not to you.
survey-refused-closed = The survey has ended and takes no more answers. Thank you for responding!
survey-refused-already_answered = You have already answered this survey. Thank you!
survey-refused-not_started = First press Take the survey in the invitation.
survey-refused-stale = This button no longer works: answer the latest question below.
survey-refused-wrong_kind = This question is answered with the buttons under it. To stop and finish later, type stop.
survey-refused-required = This question needs an answer; it cannot be skipped.
survey-refused-too_long = The answer is too long: at most { $limit } characters, please.
survey-refused-empty = Please type your answer.

## Making a survey
survey-make-intro = A new survey: a title, 1 to { $max } questions, who gets it and until when. Leave with cancel, go a step back with back.
survey-make-title = What is the survey called? Members will see the title.
survey-make-question = Question { $n } of at most { $max }: send its text.
survey-make-kind = How is it answered?
survey-kind-single = One option
survey-kind-multi = Several options
survey-kind-scale = A rating from 1 to 5
survey-kind-text = Free text
survey-make-kind-chosen = Answer type: { $kind }.
survey-make-options = Send the options, one a line: { $min } to { $max }.
survey-make-required = Must this question be answered?
survey-required-yes = Yes, required
survey-required-no = It may be skipped
survey-make-question-added = Question { $n } added: { $text }
survey-make-more = { $n ->
    [one] The survey has { $n } question
   *[other] The survey has { $n } questions
} of at most { $max }. Add another?
survey-make-add = ➕ Another question
survey-make-finish-questions = ✅ Questions done
survey-make-max-questions = The survey already has { $max } questions, the most allowed.
survey-make-removed-last = The last question is removed; send it again.
survey-make-audience = Who gets the survey?
survey-audience-mine = 📢 Everyone in my area
survey-audience-meetings = 🤝 Attendees of a meeting
survey-audience-city = 🏙 All of { $city }
survey-audience-back = ⬅ Back
survey-audience-no-meetings = Your area has no past meetings with checked-in attendees.
survey-make-audience-district = { $city }: the whole city or one district?
survey-make-audience-meeting = The attendees of which meeting?
survey-audience-label-mine = everyone in your area
survey-audience-label-city = the city of { $name }
survey-audience-label-district = the district { $name }
survey-audience-label-meeting = the attendees of { $name }
survey-make-audience-chosen = Recipients: { $audience }, { $n ->
    [one] { $n } person
   *[other] { $n } people
}.
survey-make-ends = Until when are answers taken? Type a date and time, e.g. 25.12 18:00, tomorrow 20:00 or in 3 days, or pick one below.
survey-ends-in = { $n ->
    [one] 1 day
   *[other] { $n } days
}
survey-ends-unrecognised = I could not read that date. Type, e.g., 25.12 18:00, tomorrow 20:00 or in 3 days.
survey-ends-no_such_date = There is no such date. Check the day and month.
survey-ends-in_the_past = That time has passed. Give a time in the future.
survey-ends-too_far = Too far ahead: a survey runs at most { $days } days.
survey-make-ends-chosen = Answers are taken until { $ends }.
survey-make-anonymous = Show in the results who answered what?
survey-anonymous-yes = Anonymous survey: the results show totals only.
survey-anonymous-no = Named survey: the export shows who answered what.
survey-make-points = Award points for a complete answer? The campaign's rule is { $points } { $n ->
    [one] point
   *[other] points
}, and inviters get their share.
survey-points-yes = Points for a complete answer.
survey-points-no = No points.
survey-points-none = none
survey-points-some = { $points } { $n ->
    [one] point
   *[other] points
} for a complete answer
survey-anonymous-button-yes = 🙈 Anonymous
survey-anonymous-button-no = 👤 Named
survey-points-button-yes = Yes, award points
survey-points-button-no = No points
survey-make-preview = This is how members will see the survey:
survey-preview-question = { $n }. { $text } ({ $kind })
survey-preview-optional = may be skipped
survey-make-confirm = Recipients: { $audience }, { $n ->
    [one] { $n } person
   *[other] { $n } people
}.
    Answers until { $ends }.
    { $anonymous }
    Points: { $points }.
survey-make-send = 📨 Send ({ $n })
survey-make-cancel = ✖ Cancel
survey-make-cancelled = The survey was not made.
survey-make-lost = The survey draft was lost. Start again: /survey
survey-make-press-a-button = Pick an option with the buttons above. Leave with cancel, go back with back.
survey-make-need-text = Text, please. Leave with cancel.
survey-make-sent = The survey { $title } is queued for { $n ->
    [one] { $n } recipient
   *[other] { $n } recipients
}. Results: /surveys.
survey-text-too_short = Too short: at least { $min } characters.
survey-text-too_long = Too long: at most { $max } characters.
survey-options-too_few = At least { $min } options are needed, one a line.
survey-options-too_many = Too many options: at most { $max }.
survey-options-too_long = An option is too long: at most { $limit } characters, to fit on a button.
survey-options-repeated = Some options repeat. Send them again without repeats.
survey-refused-make-no_questions = The survey has no questions. Add at least one.
survey-refused-make-too_many_questions = The survey has too many questions.
survey-refused-make-no_audience = Nobody to send to: the chosen recipients include no members.
survey-refused-make-ends_in_the_past = The end time has passed. Give a new one.

## Results
survey-list = Surveys (🟢 running now):
survey-list-empty = No surveys yet. Make one: /survey
survey-results-button = 📊 Results
survey-results-title = 📊 <b>{ $title }</b>
survey-results-open = Open until { $ends }.
survey-results-closed = Ended { $ends }.
survey-results-answered = Answered: { $n } of { $of }.
survey-results-in-progress = Still answering: { $n }.
survey-results-anonymous = Anonymous survey.
survey-results-question = <b>{ $n }. { $text }</b>
survey-results-option = · { $option }: { $n }
survey-results-average = Average rating: { $average } ({ $n } ratings)
survey-results-scale = { $counts }
survey-results-text = — { $text }
survey-results-no-answers = No answers.
survey-results-refresh = 🔄 Refresh
survey-results-charts = 📈 Charts
survey-chart-axis = Answers
survey-chart-caption = { $n }. { $text }
survey-export-caption = { $title }: { $n ->
    [one] { $n } answer
   *[other] { $n } answers
}
survey-col-number = No.
survey-col-finished = Answered at
survey-col-name = Member
survey-col-district = District
survey-erased = erased their data

## The digest
digest-survey-line = 📋 Survey { $title }: { $answered } of { $of } answered, until { $ends }

## After a meeting
feedback-title = How was the meeting { $meeting }?
feedback-question-rating = How was the meeting? Rate it from 1 to 5.
feedback-question-comment = What did you like, what could be better?
feedback-card-on = 💬 After the meeting, attendees get a short survey: a rating and a comment.
feedback-card-off = 💬 The survey after the meeting is off.
feedback-turn-off = 🔕 Do not ask for feedback
feedback-turn-on = 🔔 Ask for feedback afterwards
feedback-switched-on = Attendees will be asked for feedback after the meeting.
feedback-switched-off = No survey after the meeting.
feedback-card-results = 💬 Feedback: { $n } of { $of }, average rating { $average }.
feedback-card-open = 💬 Attendees' feedback

## "Check your details"
survey-make-template = 📇 Template: check your details
survey-make-template-chosen = Template chosen: members confirm or correct their district, phone and notifications. Their answers update their details at once.
details-title = Check your details
details-question-district = Are you still in this district?
details-district-same = Yes, that is right
details-district-moved = I moved to another district
details-question-phone = Your phone for contact
details-phone-same = Keep it
details-phone-removed = Remove my number
details-phone-new = New number
survey-kind-district = district
survey-kind-phone = phone
survey-hint-district = If you moved, pick the city, then your new district.
survey-hint-phone = You can send a new number with the button at the bottom of the screen.
details-current-district = Now: { $district } ({ $city }).
details-current-phone = Now: { $phone }.
details-no-phone = No number is stored now.
details-share-phone = 📱 Share my number
details-share-hint = A new number: the 📱 Share my number button below.
details-back-to-cities = ⬅ Back to cities
details-not-your-phone = That is not your number. Share your own with the button below.
details-outcome-district_same = District: unchanged.
details-outcome-district_moved = You are now in the team of { $detail }.
details-outcome-district_already_moved = District unchanged: you already moved yourself this campaign. To move again, write to a coordinator.
details-outcome-phone_same = Phone: unchanged.
details-outcome-phone_removed = Phone removed.
details-outcome-phone_updated = Phone updated: { $detail }.
