## The web side: public rating, dashboard, scanner (SPEC §12)

web-language = Язык
web-rating-title = Рейтинг кампании { $campaign }
web-find-title = Найти себя в рейтинге
web-find-label = Имя, как в боте
web-find-placeholder = Имя, как в боте
web-find-button = Найти
web-search-too-often = Слишком много поисков подряд. Подождите минуту и попробуйте снова.
web-search-too-short = Введите хотя бы две буквы имени.
web-find-none = Никого с именем { $query } в рейтинге нет. Проверьте, как вы подписаны в боте: /me.
web-place = { $rank } место из { $of }
web-points = { $points } { $n ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
}
web-top-title = Лучшие { $n } участников
web-top-empty = Баллов пока ни у кого нет.
web-col-member = Участник
web-col-points = Баллы
web-col-team = Команда
web-col-per-member = На участника
web-hidden-member = Участник из команды { $team }
web-team-members = { $n ->
    [one] { $n } участник
    [few] { $n } участника
   *[many] { $n } участников
}
web-teams-title = Команды
web-chart-title = Баллы команд по дням
web-chart-empty = График появится, когда команды наберут первые баллы.
web-rules-title = Правила
web-rules-dates = Кампания { $name } идёт с { $start } по { $end }.
web-rules-post = { $points } { $n ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
} за каждый пост с материалами кампании.
web-rules-meeting = { $points } { $n ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
} за отметку на офлайн-встрече.
web-rules-referral = { $points } { $n ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
} за каждого приглашённого участника и { $pct } % его баллов за активность.
web-footer = Рейтинг обновлён в { $time }. Страница обновляется раз в минуту.
web-privacy-note = В рейтинге видны только имя, команда и баллы. Скрыть своё имя можно в боте: /privacy.
web-embed-more = Весь рейтинг
web-no-campaign = Кампания ещё не началась. Загляните позже.
web-error-home = На главную
web-error-not-found = Страница не найдена
web-error-not-found-text = Такой страницы нет. Возможно, ссылка устарела.
web-error-forbidden = Нет доступа
web-error-forbidden-text = Эта страница вам недоступна.
web-error-too-many = Слишком много запросов
web-error-too-many-text = Подождите минуту и попробуйте снова.
web-error-bad-request = Запрос не принят
web-error-bad-request-text = Форма устарела. Откройте страницу заново и повторите.
web-error-server = Что-то пошло не так
web-error-server-text = Мы уже разбираемся. Попробуйте ещё раз чуть позже.

## /privacy: the public rating
privacy-public-rating = Публичный рейтинг открыт всем: { $url }
privacy-name-shown = Сейчас в публичном рейтинге видно ваше имя.
privacy-name-hidden = Сейчас в публичном рейтинге вместо имени написано: участник из команды { $team }.
privacy-hide-name = Скрыть имя в публичном рейтинге
privacy-show-name = Показывать имя в публичном рейтинге
privacy-name-hidden-done = Готово: в публичном рейтинге вы теперь участник из команды { $team }.
privacy-name-shown-done = Готово: в публичном рейтинге снова видно ваше имя.

## /web and the dashboard
cmd-web = панель координатора на сайте
web-signin-link = Ссылка для входа в панель координатора: { $url }
    Она действует 10 минут и только один раз. Никому её не пересылайте.
web-signin-button = Открыть панель координатора
dash-title = Панель координатора
dash-login-title = Вход в панель координатора
dash-login-by-bot = Отправьте боту команду /web: он пришлёт ссылку для входа.
dash-login-by-widget = Или войдите через Telegram:
dash-login-refused-expired = Ссылка уже использована или устарела. Отправьте боту /web ещё раз.
dash-login-refused-forged = Ссылка повреждена. Отправьте боту /web ещё раз.
dash-login-refused-malformed = Ссылка повреждена. Отправьте боту /web ещё раз.
dash-login-refused-not_coordinator = Панель открыта только координаторам.
dash-signin-button = Войти
dash-logout = Выйти
dash-nav-overview = Обзор
dash-nav-teams = Команды
dash-nav-members = Участники
dash-nav-moderation = Проверка постов
dash-nav-meetings = Встречи
dash-nav-downloads = Выгрузки
dash-no-campaign = Сейчас нет идущей кампании.
dash-overview-title = Кампания { $campaign }
dash-scope = Ваша зона: { $scope }.
dash-fig-members = Участники
dash-fig-posts = Посты
dash-fig-checkins = Отметки на встречах
dash-fig-points = Баллы
dash-since-yesterday = +{ $n } за сутки
dash-pending = Ждут проверки: { $n ->
    [one] { $n } пост
    [few] { $n } поста
   *[many] { $n } постов
}
dash-leaders = Лучшие участники
dash-col-day = За сутки
dash-members-search = Имя или ник
dash-members-none = Никого не нашли.
dash-entries = Начисления
dash-entries-none = Начислений пока нет.
dash-entry-revoked = отменено
dash-revoke = Отменить
dash-revoke-reason = Причина отмены
dash-reason-missing = Напишите причину отмены: участник её увидит.
dash-revoked = Начисление #{ $id } отменено, участник получил сообщение.
dash-moderation-empty = Все посты проверены.
dash-moderation-waiting = Ждут проверки: { $n }.
dash-approve = Засчитать
dash-reject = Отклонить
dash-reject-reason = Причина отказа
dash-approved = Пост засчитан, участник получил сообщение.
dash-rejected = Пост отклонён, участник получил сообщение.
dash-meetings-none = Встреч за последние два месяца нет.
dash-meeting-closed = закрыта
dash-attendees = Отметились: { $n }
dash-download-csv = Скачать список (CSV)
dash-download-rating = Рейтинг вашей зоны
dash-download-reserve = Кадровый резерв
dash-download-attendees = Списки участников встреч — на странице встречи:

## The rally scanner (a Mini App)
scan-button = 📷 Сканер
scan-title = Сканер карточек
scan-starting = Открываем камеру…
scan-hint = Наведите камеру на карточку участника
scan-outside = Сканер открывается из карточки встречи в боте: /mymeetings.
scan-network = Нет связи с сервером. Попробуйте ещё раз.
scan-again = 📷 Сканировать дальше
scan-count-label = отмечено на встрече
scan-done = ✅ { $name } · всего { $present }
scan-already = ☑️ { $name } уже отмечен(а) · всего { $present }
scan-refused = ⚠️ Не отмечен, подробности на экране
scan-not-a-card = Это не карточка участника. Попросите открыть карточку в боте: /card.
scan-refused-init-data = Сканер нужно открыть из бота заново: /mymeetings.
