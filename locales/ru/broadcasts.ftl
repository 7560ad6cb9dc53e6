## Points in mass messages
bc-points = { $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }

## The daily personal rating message
daily-title = 🏆 <b>Рейтинг на { $date }</b>
daily-total = { $name }, у вас { $total }.
daily-change = За сутки: { $delta }.
daily-change-none = За сутки без изменений.
daily-place = Место в общем рейтинге: { $place } из { $places }.
daily-team-place = В команде «{ $district }»: { $place } из { $places }.
daily-first = 🥇 Вы на первом месте — так держать!
daily-gap = До { $above }-го места: { $gap }.
daily-gap-tie = У { $above }-го места столько же баллов — любой новый балл выведет вас вперёд.
daily-queued = ✅ Рейтинг дня поставлен в рассылку: { $count } { $n ->
        [one] получатель
        [few] получателя
       *[many] получателей
    }. Пришлю отчёт, когда рассылка закончится.
daily-refused-already_done = Рейтинг за сегодня уже разослан — второй раз за день он не отправляется.
daily-refused-no_campaign = Сейчас нет идущей кампании — рейтинг не рассылается.

## The end of a campaign
final-title = 🏁 <b>Кампания «{ $campaign }» завершена!</b>
final-total = { $name }, ваш итог: { $total }.
final-place = Итоговое место: { $place } из { $places }.
final-team-place = В команде «{ $district }»: { $place } из { $places }.
final-thanks = Спасибо, что были с нами!
reserve-title = 🏁 <b>Итоги кампании «{ $campaign }»</b> — { $scope }
    Кадровый резерв — первые { $count } { $n ->
        [one] участник
        [few] участника
       *[many] участников
    } рейтинга — в файлах ниже.
reserve-line = { $place }. { $name } — { $team } — { $points }
reserve-filename = резерв — { $campaign }
reserve-sheet = Кадровый резерв
reserve-csv-caption = Кадровый резерв (CSV)
reserve-xlsx-caption = Кадровый резерв (Excel)
reserve-col-place = Место
reserve-col-name = Имя
reserve-col-district = Округ
reserve-col-city = Город
reserve-col-points = Баллы
reserve-col-username = Telegram
reserve-col-phone = Телефон

## Delivery reports
broadcast-report = 📬 Рассылка «{ $kind }» завершена за { $duration }: доставлено { $delivered } из { $total }, заблокировали бота { $blocked }, не доставлено { $failed }.
broadcast-kind-rating = рейтинг дня
broadcast-kind-final = итоги кампании
broadcast-kind-announcement = объявление
broadcast-kind-digest = сводка координаторам
broadcast-kind-reserve = кадровый резерв
broadcast-kind-report = отчёты

## Coordinators' digest
scope-all = все округа
digest-title = 📊 <b>Сводка: { $scope }</b> — { $date }
digest-campaign = Кампания «{ $campaign }»
digest-members = 👥 Участники: { $total } (+{ $new } за сутки)
digest-posts = 📣 Посты: { $total } (+{ $new } за сутки)
digest-pending = 🕒 Ждут проверки: { $pending } — /moderate
digest-checkins = 🤝 Отметки на встречах: { $total } (+{ $new } за сутки)
digest-teams-title = <b>Команды</b>
digest-team-line = { $place }. { $team } ({ $city }) — { $points } (+{ $recent })
digest-more-teams = …и ещё команд: { $count }
digest-leaders-title = <b>Топ-10 участников</b>
digest-leader-line = { $place }. { $name } — { $team } — { $points }
digest-none = пока никого
digest-chart-title = Баллы команд по дням — «{ $campaign }»
digest-chart-axis = баллы (нарастающим итогом)
digest-chart-caption = 📈 Баллы команд по дням
digest-refused-no_campaign = Сейчас нет кампании — сводку собирать не из чего.
digest-refused-already_done = Сводка за сегодня уже разослана.

## Announcements
announce-compose = Пришлите текст объявления — можно фото с подписью. Оформление (жирный, ссылки) сохранится. Отмена — /cancel.
announce-need-text = Нужен текст или фото с подписью. Отмена — /cancel.
announce-too-long = Слишком длинно: не больше { $limit } символов.
announce-caption-too-long = Подпись к фото слишком длинная: не больше { $limit } символов. Сократите или пришлите текст без фото.
announce-preview = Так участники увидят объявление:
announce-pick-scope = Кому отправить? Выберите город или всю вашу зону.
announce-scope-mine = 📢 Всем в моей зоне
announce-scope-city = 🏙 Весь город { $city }
announce-pick-district = Город { $city }: весь город или один округ?
announce-district-label = { $district } ({ $city })
announce-back = ← Назад
announce-nobody = Здесь пока нет участников — выберите другой вариант.
announce-confirm = Отправить объявление: { $scope } — получателей: { $count }?
announce-send = ✅ Отправить
announce-cancel = ✖ Отмена
announce-cancelled = Объявление не отправлено.
announce-queued = ✅ Объявление поставлено в рассылку: { $scope }, получателей: { $count }. Пришлю отчёт, когда рассылка закончится.
