## Integrity of meeting points (SPEC §9): own meetings, one place at a time, confirmation

## Check-in refusals
checkin-refused-own_meeting = Вы организатор встречи «{ $meeting }»: за свою встречу баллы не начисляются.
checkin-refused-overlaps = В это время вы уже отмечены на встрече «{ $other }» ({ $when }). За встречи, которые идут одновременно, баллы начисляются один раз.
checkin-refused-meeting_refused = Координатор не подтвердил, что встреча «{ $meeting }» состоялась: отметка на неё не принимается.
card-scan-own_meeting = Этот участник — организатор встречи «{ $meeting }»: за свою встречу баллы не начисляются.
card-scan-overlaps = { $name } уже отмечен(а) на встрече «{ $other }» ({ $when }), которая идёт в то же время. За одновременные встречи баллы начисляются один раз.
checkin-member-pending = ✅ Вы отмечены на встрече «{ $meeting }». +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    } начислим, когда координатор подтвердит, что встреча состоялась.
card-scan-pending-note = Баллы участникам начислятся, когда координатор подтвердит встречу по вашему отчёту.

## Organisers: overlapping meetings
nm-refused-overlaps = У вас уже есть встреча в это время: «{ $other }», { $when }. Один организатор не проводит две встречи одновременно. Напишите другое время начала.
meeting-refused-overlaps = В это время вы уже ведёте встречу «{ $other }» ({ $when }): одновременно можно вести только одну встречу.

## Organisers: the meeting card and the report
mm-confirmation-awaiting = 📝 Баллы за эту встречу начислятся, когда координатор подтвердит её. После начала встречи отправьте отчёт: фото и одну строку о том, как она прошла. Ждут подтверждения: { $pending }.
mm-confirmation-reported = 📨 Отчёт отправлен, ждём решения координатора. Ждут подтверждения: { $pending }.
mm-confirmation-confirmed = ✅ Координатор подтвердил встречу, баллы начислены.
mm-confirmation-refused = ❌ Координатор не подтвердил встречу, баллы не начислены.
mm-send-report = 📝 Отправить отчёт
report-ask-photo = Пришлите одно фото со встречи «{ $title }», а в подписи к нему одной строкой напишите, как прошла встреча.
report-ask-text = Фото получили. Теперь одной строкой: как прошла встреча?
report-photo-expected = Нужна фотография со встречи. Пришлите фото (не файлом) или напишите /cancel.
report-text-expected = Нужна одна строка о встрече. Напишите её или /cancel.
report-sent = ✅ Отчёт о встрече «{ $title }» отправлен координатору. Когда он подтвердит встречу, участники получат баллы.
report-refused-unknown_meeting = Такой встречи нет.
report-refused-not_organiser = Отчёт отправляет организатор встречи.
report-refused-not_needed = Для этой встречи отчёт не нужен: баллы начисляются сразу при отметке.
report-refused-decided = Координатор уже принял решение по этой встрече.
report-refused-not_started = Встреча ещё не началась: отчёт можно отправить после её начала.
report-refused-no_reviewer = Подтвердить встречу некому: кроме вас, в этом округе нет координатора. Обратитесь к администратору.
report-refused-text_too_short = Слишком коротко: напишите хотя бы несколько слов.
report-refused-text_too_long = Слишком длинно: уместите отчёт в 300 знаков.

## Coordinators: deciding on a report
report-review =
    📝 Отчёт о встрече «{ $title }»
    Округ: { $district } ({ $city })
    Когда: { $when }
    Организатор: { $organiser }
    Отмечено участников: { $present }
    Отчёт: { $text }
    Подтвердите, что встреча состоялась, и участники получат баллы.
report-confirm = ✅ Встреча состоялась
report-refuse = ❌ Не подтверждаю
review-confirmed = ✅ Вы подтвердили встречу «{ $title }».
review-refused = ❌ Вы не подтвердили встречу «{ $title }»: баллы за неё не начислены.
review-refused-unknown_meeting = Такой встречи нет.
review-refused-not_coordinator = Подтверждать встречи может координатор этого округа.
review-refused-own_meeting = Свою встречу подтвердить нельзя: её подтвердит другой координатор или администратор.
review-refused-not_reported = Организатор ещё не прислал отчёт.
review-refused-decided = По этой встрече решение уже принято.

## Attendees and the organiser hear the decision
attendance-confirmed = ✅ Координатор подтвердил встречу «{ $title }»: вам начислено +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.
attendance-refused = Координатор не подтвердил, что встреча «{ $title }» состоялась, поэтому баллы за неё не начислены.
report-decided-confirmed = ✅ Координатор подтвердил встречу «{ $title }»: участники получили баллы.
report-decided-refused = ❌ Координатор не подтвердил встречу «{ $title }»: баллы участникам не начислены.

## Geofenced check-in: only a location shared from the button at that moment
checkin-location-venue = Нужна ваша геопозиция, а не выбранное на карте место. Нажмите «📍 Отправить геопозицию» внизу.
checkin-location-stale = Эта геопозиция отправлена слишком давно. Нажмите «📍 Отправить геопозицию» ещё раз.
checkin-location-edited = Изменённая геопозиция не засчитывается. Нажмите «📍 Отправить геопозицию» ещё раз.
checkin-location-live = Трансляция геопозиции не подходит. Нажмите кнопку «📍 Отправить геопозицию» внизу.

## Admins: meeting confirmation per campaign
usage-meetings_mode = Как начисляются баллы за встречи в текущей кампании: /meetings_mode auto — сразу при отметке, /meetings_mode confirmed — после подтверждения координатором по отчёту организатора.
meetings-mode-set = Кампания «{ $name }»: { $mode ->
        [confirmed] баллы за встречи начисляются после подтверждения координатором.
       *[auto] баллы за встречи начисляются сразу при отметке.
    }
meetings-mode-no-campaign = Кампаний пока нет: сначала создайте её (/new_campaign).
cmd-meetings_mode = баллы за встречи: сразу или после подтверждения
