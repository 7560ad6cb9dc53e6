## Issue 13: texts for people (help, roles, zero points, staff panel, invites)

# How this language writes the decimal point of a point value.
number-decimal-mark = ,

## How points are earned: /help, the end of registration, a member with no points yet
points-word = { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }
how-points-title = <b>Как получить баллы</b>
how-points =
    📣 Пост с материалом кампании — { $post } { $post_word }, до { $cap } постов в день: нажмите «📣 Поддержи онлайн!», поделитесь материалом у себя в соцсети и пришлите сюда ссылку на свой пост.
    🤝 Встреча — { $meeting } { $meeting_word }: приходите на встречу своего округа (/meetings) и покажите организатору QR-карточку (/card).
    ✉️ Друг, который вступил по вашей ссылке, — { $referral } { $referral_word } (/invite).
    ➕ И ещё { $share } % от баллов каждого приглашённого за его посты и встречи.
help-commands-title = <b>Команды</b>
help-staff-title = <b>Инструменты организаторов и координаторов</b> (все кнопками — /panel)
me-first-point = Баллов пока нет, поэтому и места в рейтинге пока нет. Первый балл проще всего получить за пост: нажмите «📣 Поддержи онлайн!» и пришлите ссылку на свой пост. Как ещё получить баллы — /help.
rating-you-zero = У вас пока нет баллов, поэтому места в рейтинге нет. Первый балл — за пост с материалом кампании: «📣 Поддержи онлайн!».
me-telegram-id = Ваш Telegram ID: <code>{ $id }</code> (его спросит координатор, чтобы назначить вам роль).

## One example per staff command in /help
help-example-newmeeting = <code>/newmeeting</code> — бот спросит округ, название, место и время встречи.
help-example-mymeetings = <code>/mymeetings</code> — ваши встречи: QR встречи, отметка участников, список пришедших.
help-example-import_districts = <code>/import_districts</code>, затем отправьте CSV-файл с колонками code,name,city.
help-example-grant_organiser = <code>/grant_organiser @anna_k NSK-1</code> — Анна станет организатором округа NSK-1.
help-example-revoke_organiser = <code>/revoke_organiser @anna_k NSK-1</code> — снять эту роль.
help-example-move = <code>/move @anna_k NSK-2</code> — перевести Анну в команду округа NSK-2.
help-example-campaigns = <code>/campaigns</code> — все кампании с датами.
help-example-publish = <code>/publish NSK-1</code> — материал для одного округа; <code>/publish</code> — для всей вашей зоны.
help-example-moderate = <code>/moderate</code> — присланные посты по одному: засчитать или отклонить.
help-example-revoke = <code>/revoke 17 пост удалён</code> — отменить начисление №17 с причиной.
help-example-entries = <code>/entries @anna_k</code> — последние начисления участника с номерами.
help-example-export = <code>/export</code> — рейтинг вашей зоны файлами CSV и Excel.
help-example-announce = <code>/announce</code> — бот попросит текст и спросит, кому отправить.
help-example-digest = <code>/digest</code> — сводка по вашей зоне прямо сейчас.
help-example-grant_coordinator = <code>/grant_coordinator @ivan_p Новосибирск</code> или <code>/grant_coordinator 123456789 все</code>.
help-example-revoke_coordinator = <code>/revoke_coordinator @ivan_p Новосибирск</code> — снять эту роль.
help-example-new_campaign = <code>/new_campaign Зима-2026 01.12.2026 28.02.2027</code> — название и даты начала и конца.
help-example-broadcast_rating = <code>/broadcast_rating</code> — разослать сегодняшний рейтинг сейчас, не дожидаясь вечера.
help-example-panel = <code>/panel</code> — все ваши инструменты кнопками.

## Plain questions instead of commands

## Roles: the person is told
role-granted-organiser =
    🎉 Вас назначили организатором: { $scope }.
    Что делает организатор:
    • /newmeeting — создать встречу: бот спросит округ, название, место и время;
    • /mymeetings — ваши встречи: QR встречи, «▶️ Начать отметку», список пришедших.
    На встрече нажмите «▶️ Начать отметку» и сканируйте QR-карточки участников камерой телефона — баллы начислятся сами.
    Все инструменты кнопками — /panel, примеры — /help.
role-granted-coordinator =
    🎉 Вас назначили координатором: { $scope }.
    Что делает координатор:
    • /grant_organiser — назначить организатора, например <code>/grant_organiser @ник КОД_ОКРУГА</code>;
    • /publish — опубликовать материал для постов;
    • /moderate — проверить присланные посты;
    • /announce — отправить объявление участникам;
    • /digest — сводка, /export — рейтинг файлом.
    Все инструменты кнопками — /panel, примеры — /help.
role-revoked-organiser = Роль организатора снята: { $scope }. Если это ошибка, напишите координатору.
role-revoked-coordinator = Роль координатора снята: { $scope }. Если это ошибка, напишите администратору.
role-not-told = Сообщить об этом не удалось: человек ещё не открывал бота. Попросите его нажать /start.
move-told = 🔁 Координатор перевёл вас в другую команду: { $district } ({ $city }). Баллы, набранные раньше, остались у прежней команды, новые пойдут новой. Ваша команда — /team.

## Leaving a dialog: these words typed in any dialog work as /cancel (comma-separated)
cancel-words = отмена, отменить, стоп, назад, выход, cancel, stop
dialog-cancel = ✖ Отмена
cancelled-registration = Регистрация прервана. Продолжить — /start.

## Registration: typed answers
reg-did-you-mean = Может быть, вы имели в виду один из этих вариантов? Нажмите нужный.
reg-city-unknown = Не нашёл город «{ $typed }». Выберите его кнопкой ниже.
reg-district-unknown = Не нашёл округ «{ $typed }» в этом городе. Выберите его кнопкой ниже.
reg-invited-by = Вас пригласил(а) { $name } — спасибо, что присоединились!

## The digest chart with no points yet
digest-chart-empty = Баллов пока нет

## Exports: column headers
export-sheet = Рейтинг
export-col-rank = Место
export-col-member_id = Номер участника
export-col-name = Имя
export-col-district_code = Код округа
export-col-district = Округ
export-col-city = Город
export-col-points = Баллы всего
export-col-posts = Баллы за посты
export-col-meetings = Баллы за встречи
export-col-surveys = Баллы за опросы
export-col-referrals = Баллы за приглашения
attendees-col-number = №
attendees-col-name = Имя
attendees-col-username = Telegram
attendees-col-district = Округ
attendees-col-method = Как отмечен
attendees-col-organiser = Кто отметил
attendees-col-time = Время отметки

## Durations in words («за 3 мин 20 с»)
duration-hours = { $n } ч
duration-minutes = { $n } мин
duration-seconds = { $n } с
question-what-to-do = С чего начать: поделитесь материалом кампании и пришлите ссылку на свой пост («📣 Поддержи онлайн!»), приходите на встречи своего округа («🤝 Офлайн-встречи») и зовите друзей («✉️ Пригласить»).
question-more = Все команды — /help.

## The staff panel
menu-panel = 🧰 Панель
cmd-panel = панель инструментов кнопками
panel-title = 🧰 <b>Ваши инструменты</b>. Нажмите нужный — бот подскажет, что делать дальше.

## Invitations
invite-share = 📤 Поделиться
invite-share-text = Присоединяйся к команде «{ $org }»: поддерживаем кампанию онлайн и на встречах.
invite-nobody-yet = По вашей ссылке пока никто не присоединился. Нажмите «📤 Поделиться» — бот подготовит сообщение с ссылкой.
invite-joined-title = <b>Присоединились по вашей ссылке:</b>
invite-joined-line = { $number }. { $name } — { $state }
invite-status-points = { $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }
invite-status-no-points = пока без баллов
invite-status-deleted = удалил(а) свои данные
invite-anonymous = участник
invite-joined-more = …и ещё { $count }.
invite-first-share = 💸 Первая доля от приглашённых: { $name } получил(а) баллы, и вам начислено +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    } — { $share } % от его баллов. Так будет с каждым баллом ваших приглашённых за посты и встречи.
help-example-trust = <code>/trust @anna_k</code> — посты Анны засчитываются без проверки.
help-example-untrust = <code>/untrust @anna_k</code> — посты Анны снова проверяет координатор.
help-example-meetings_mode = <code>/meetings_mode confirmed</code> — баллы за встречи после подтверждения координатором; <code>auto</code> — сразу.
