## meetings

## Members: /meetings and "I'll come"
meetings-none = В вашем округе пока нет запланированных встреч. Когда организатор её назначит, она появится здесь.
meetings-title = 🤝 <b>Встречи вашего округа</b>
meetings-item =
    { $number }. <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    👥 Собираются: { $coming }
meetings-you-go = ✅ Вы идёте
meetings-going = ✋ Пойду: { $number }. { $title }
meetings-not-going = ↩️ Не пойду: { $number }. { $title }
rsvp-going = ✅ Ждём вас! Напомним накануне и за два часа до начала.
rsvp-not-going = Хорошо, отметку «пойду» сняли.
rsvp-refused-unknown_meeting = Такой встречи нет.
rsvp-refused-closed = Эта встреча уже закрыта.
rsvp-refused-over = Эта встреча уже прошла.
rsvp-refused-other_district = Эта встреча — для другого округа.
meeting-reminder =
    ⏰ Скоро встреча: <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    Покажите организатору свою QR-карточку (/card) или отсканируйте QR встречи — и получите баллы.

## Members: /card
card-caption =
    🪪 QR-карточка участника { $name }.
    Покажите её организатору на встрече: он отсканирует код камерой телефона, и вам начислят баллы.
    Не пересылайте карточку другим. Если она попала в чужие руки — перевыпустите её.
card-reissue = 🔄 Перевыпустить карточку
card-reissue-ask = Перевыпустить карточку? Старый QR-код перестанет действовать.
card-reissue-yes = 🔄 Да, перевыпустить
card-reissue-no = Нет, оставить
card-kept = Хорошо, карточка прежняя.
card-reissued = ✅ Карточка перевыпущена, старый код больше не действует. Новая — ниже.

## Scanning a card
card-explained = 🪪 Это QR-карточка участника. Её сканирует организатор на встрече, чтобы отметить присутствие. Вам она ничего не даёт. Своя карточка — в /card.
card-scan-no-session = 🪪 Это карточка участника. Чтобы отмечать участников, откройте встречу в /mymeetings и нажмите «▶️ Начать отметку».
card-scan-choose = Для какой встречи отметить этого участника?
card-scan-done = ✅ { $name } отмечен(а) на встрече «{ $meeting }». Всего отмечено: { $present }.
card-scan-already = ☑️ { $name } уже отмечен(а) на встрече «{ $meeting }». Всего отмечено: { $present }.

## Scanning the meeting QR
checkin-register-first = 🤝 Это QR-код встречи. Чтобы получить баллы за участие, сначала зарегистрируйтесь — это займёт минуту. Затем отсканируйте код ещё раз.
checkin-member-done = ✅ Вы отмечены на встрече «{ $meeting }»: +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }. Спасибо, что пришли!
checkin-member-already = ☑️ Вы уже отмечены на встрече «{ $meeting }». Баллы начислены один раз.
checkin-need-location = 📍 Встреча «{ $meeting }» засчитывается только на месте (в радиусе { $radius } м). Нажмите «📍 Отправить геопозицию» внизу.
checkin-share-location = 📍 Отправить геопозицию
checkin-location-cancel = Отмена
checkin-location-cancelled = Хорошо, отметку отменили.
checkin-location-use-button = Нажмите «📍 Отправить геопозицию» внизу или «Отмена».
checkin-location-forwarded = Нужна ваша текущая геопозиция, а не пересланная. Нажмите «📍 Отправить геопозицию».

## Check-in refusals
checkin-refused-unknown_meeting = Такой встречи нет: QR-код недействителен.
checkin-refused-closed = Встреча «{ $meeting }» закрыта, отметка больше не принимается.
checkin-refused-not_yet_open = Отметка на встречу «{ $meeting }» ещё не началась: она откроется { $opens }.
checkin-refused-over = Срок этого QR-кода истёк: отметка на встречу «{ $meeting }» закончилась { $closes }.
checkin-refused-qr_revoked = Этот QR-код встречи отозван: организатор выпустил новый. Отсканируйте актуальный код.
checkin-refused-unknown_member = Такого участника нет: карточка недействительна.
checkin-refused-card_revoked = Эта карточка отозвана: участник выпустил новую. Попросите показать актуальную (/card).
checkin-refused-not_organiser = Отмечать участников на этой встрече может только её организатор.
checkin-refused-no_session = Отметка на встречу «{ $meeting }» остановлена. Запустите её снова в /mymeetings.
checkin-refused-self_scan = Свою карточку отметить нельзя: организатор не получает баллов за свою встречу.
checkin-refused-no_campaign = Сейчас нет активной кампании: баллы не начисляются, отметка не записана.
checkin-refused-need_location = Для этой встречи нужна ваша геопозиция.
checkin-refused-too_far = Вы слишком далеко от места встречи «{ $meeting }» (нужно быть в радиусе { $radius } м). Подойдите ближе и отправьте геопозицию ещё раз.

## QR links that do not work
qr-refused-malformed = Эта ссылка повреждена: в ней нет действующего кода.
qr-refused-forged = Эта ссылка подделана или изменена: код не прошёл проверку.

## Organisers: /newmeeting
nm-no-districts = У вас нет округов, где вы можете проводить встречи. Обратитесь к координатору.
nm-ask-district = Для какого округа встреча?
nm-district-chosen = ✅ Округ: { $district } ({ $city }).
nm-ask-title = Новая встреча, округ «{ $district }». Как она называется? Например: «Встреча с жителями». Отменить — /cancel.
nm-title-too_short = Название слишком короткое: нужно хотя бы 3 символа.
nm-title-too_long = Название слишком длинное: не больше 80 символов.
nm-ask-place = Где она пройдёт? Адрес или понятный ориентир.
nm-place-too_short = Место слишком короткое: нужно хотя бы 3 символа.
nm-place-too_long = Место слишком длинное: не больше 200 символов.
nm-ask-start =
    Когда начало? Выберите кнопкой или напишите, например:
    <code>3 декабря 18:00</code>, <code>завтра 18:00</code>, <code>пт 18:30</code>, <code>18:30</code> (сегодня)
    Можно сразу с концом: <code>с 18:30 до 20:00</code>
nm-quick-today = Сегодня { $time }
nm-quick-tomorrow = Завтра { $time }
nm-ask-end =
    Начало: { $start }. Сколько продлится? Выберите кнопкой или напишите время конца (<code>20:00</code>) или длительность (<code>2 часа</code>, <code>полтора часа</code>, <code>90 минут</code>).
nm-quick-length = +{ $hours } ч
nm-time-unrecognised = Не понял время. Напишите, например, <code>25.07 18:30</code>, <code>завтра 18:00</code> или <code>18:30</code>.
nm-time-no_time = Добавьте время, например: <code>25.07 18:30</code>.
nm-time-no_such_date = Такой даты нет. Проверьте день и месяц.
nm-time-in_the_past = Это время уже прошло. Укажите будущее.
nm-time-too_far = Слишком далеко: встречу можно назначить не больше чем на год вперёд.
nm-time-end_before_start = Конец должен быть позже начала.
nm-time-too_long = Слишком долго: встреча длится не больше суток.
nm-ask-location =
    Засчитывать отметку по QR встречи только на месте? Отправьте точку встречи кнопкой «📍 Отправить точку встречи» (находясь там) или прикрепите геопозицию. Иначе — «Без геозоны».
nm-send-location = 📍 Отправить точку встречи
nm-no-geofence = Без геозоны
nm-location-use-buttons = Отправьте геопозицию или нажмите «Без геозоны» — кнопки внизу.
nm-location-saved = 📍 Точка встречи сохранена.
nm-geofence-skipped = Хорошо, без геозоны.
nm-ask-radius = В каком радиусе засчитывать? Выберите или напишите число метров.
nm-radius-button = { $metres } м
nm-radius-bad = Напишите радиус в метрах: от { $low } до { $high }.
nm-geofence-radius = в радиусе { $metres } м
nm-geofence-none = без геозоны
nm-confirm =
    <b>Проверьте встречу</b>
    <b>{ $title }</b>
    📅 { $when }
    📍 { $place }
    🧭 Геозона: { $geofence }
nm-create = ✅ Создать
nm-discard = ✖ Отмена
nm-discarded = Встреча не создана.
nm-created = ✅ Встреча создана.

meeting-refused-unknown_meeting = Такой встречи нет.
meeting-refused-unknown_district = Такого округа нет.
meeting-refused-not_organiser = Это не ваш округ: проводить здесь встречи вы не можете.
meeting-refused-closed = Встреча уже закрыта.
meeting-refused-over = Встреча уже закончилась: отметка невозможна.
meeting-refused-bad_times = Время встречи указано неверно: начните заново — /newmeeting.
meeting-refused-bad_geofence = Геозона указана неверно: начните заново — /newmeeting.

## Organisers: /mymeetings and the meeting card
mm-none = Встреч пока нет. Создать — /newmeeting.
mm-title = Ваши встречи (ближайшие и за последние сутки):
mm-card =
    <b>{ $title }</b>
    🏘 { $district } ({ $city })
    📅 { $when }
    📍 { $place }
    🧭 Геозона: { $geofence }
    🔳 QR действует: { $opens } – { $closes }
    ✅ Отмечено: { $present } · 👥 Собираются: { $coming }
mm-closed = 🔒 Встреча закрыта.
mm-checking-in = ▶️ Идёт отметка по карточкам.
mm-show-qr = 🔳 Показать QR встречи
mm-start-checkin = ▶️ Начать отметку
mm-stop-checkin = ⏹ Остановить отметку
mm-attendees = 👥 Участники
mm-reissue-qr = 🔄 Новый QR
mm-close = 🔒 Закрыть
mm-qr-caption =
    🔳 QR встречи «{ $title }».
    Участники сканируют его камерой телефона. Действует с { $opens } до { $closes }.
mm-checkin-started =
    ▶️ Отметка на встречу «{ $title }» началась.
    Сканируйте QR-карточки участников камерой телефона: ссылка откроет бота, и участник будет отмечен.
mm-checkin-stopped = ⏹ Отметка остановлена.
mm-reissue-ask = Выпустить новый QR для «{ $title }»? Старый код (в том числе распечатанный) перестанет действовать.
mm-reissue-yes = 🔄 Да, новый QR
mm-close-ask = Закрыть встречу «{ $title }»? После этого отметиться на ней будет нельзя.
mm-close-yes = 🔒 Да, закрыть
mm-keep = ↩️ Назад
mm-reissued = ✅ Выпущен новый QR, старый больше не действует.
mm-closed-done = 🔒 Встреча «{ $title }» закрыта.
mm-attendees-none = На встрече «{ $title }» пока никто не отмечен.
mm-attendees-title = 👥 <b>{ $title }</b>: отмечено { $count }
mm-attendee = { $number }. { $name } — { $time }, { $method }
mm-method-card_scan = по карточке
mm-method-meeting_qr = по QR встречи
mm-attendees-more = …и ещё { $count } — в файле.
mm-attendees-csv = Список участников встречи «{ $title }».
