## What members hear about meetings (issue 13 item 13)
meeting-announced =
    🤝 Новая встреча в вашем округе: <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    Придёте? Нажмите «✋ Пойду»: напомним накануне и за два часа до начала.
meeting-announce-going = ✋ Пойду
meeting-cancelled = ❌ Встреча «{ $title }» ({ $when }) отменена. Спасибо, что собирались прийти.
meeting-reminder-day-before =
    📅 Напоминаем о встрече: <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
rsvp-calendar = 📅 Откройте этот файл, чтобы добавить встречу «{ $title }» в календарь телефона. Место на карте: { $map }

## /settings: which notifications a member wants
settings-title = ⚙️ Какие уведомления вы хотите получать? Нажмите на строку, чтобы включить или выключить.
settings-new_meetings = Новые встречи в округе
settings-new_materials = Новые материалы для репоста
settings-daily_rating = Ежедневный рейтинг
settings-saved = Сохранено.
cmd-settings = уведомления

## A new material announced to the members of its scope who want it
material-announced =
    📣 Новый материал, чтобы поделиться: <b>{ $title }</b>
    Откройте /post: там шаги и ссылка на оригинал. Отключить такие сообщения — /settings.
