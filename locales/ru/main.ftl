## Main menu (reply keyboard)
menu-post = 📣 Поддержи онлайн!
menu-meetings = 🤝 Офлайн-встречи
menu-rating = 🏆 Рейтинг
menu-profile = 👤 Мой профиль
menu-invite = ✉️ Пригласить
menu-help = ❓ Помощь
menu-placeholder = Выберите действие в меню

## Commands in Telegram's "/" menu and in /help
cmd-start = начать или вернуться в меню
cmd-post = поддержать онлайн: материалы и ссылка на пост
cmd-meetings = офлайн-встречи вашего округа
cmd-rating = общий рейтинг и команды
cmd-me = мой профиль и баллы
cmd-card = моя QR-карточка для встреч
cmd-invite = пригласить друзей
cmd-team = моя команда
cmd-help = помощь
cmd-lang = язык / language
cmd-privacy = какие данные мы храним
cmd-delete_me = удалить мои данные
cmd-cancel = отменить текущее действие
cmd-newmeeting = создать встречу
cmd-mymeetings = мои встречи и отметка участников
cmd-import_districts = загрузить округа из CSV
cmd-grant_organiser = назначить организатора
cmd-revoke_organiser = снять организатора
cmd-move = перевести участника в другой округ
cmd-campaigns = кампании
cmd-publish = опубликовать материал
cmd-moderate = проверка постов
cmd-revoke = отменить начисление
cmd-entries = начисления участника
cmd-export = выгрузить рейтинг (CSV, XLSX)
cmd-announce = объявление участникам
cmd-digest = сводка сейчас
cmd-grant_coordinator = назначить координатора
cmd-revoke_coordinator = снять координатора
cmd-new_campaign = создать кампанию
cmd-broadcast_rating = разослать рейтинг сейчас


## Language
lang-choose = Выберите язык / Choose your language:
lang-set = Язык: русский ✅
lang-menu-updated = Меню обновлено.
lang-continue = Продолжим: /start

## Privacy
privacy-text =
    <b>Ваши данные в боте «{ $org }»</b>
    Мы храним: ваш Telegram ID и ник, имя для рейтинга, округ, телефон (если вы его дали), язык, ваши баллы и за что они начислены, ссылки на ваши посты и отметки на встречах.
    Зачем: чтобы вести рейтинг команд и участников, засчитывать активность и связываться с вами по делам кампании.
    Публично видны только имя, округ и баллы в рейтинге.
    Версия текста согласия: { $version }.
    Удалить свои данные: /delete_me — имя, телефон и ник будут стёрты, Telegram ID отвязан; баллы останутся в итогах анонимно.
privacy-your-consent = Вы дали согласие (версия { $version }) { $date }.
privacy-full-text = Полный текст: { $url }

## Common
cancelled = Отменено.
nothing-to-cancel = Нечего отменять.
stale-button = Эта кнопка уже не действует.
not-permitted = ⛔ Эта команда вам недоступна.
unknown-command = Такой команды нет. Список команд — /help.
unknown-text = Не понял сообщение. Выберите действие в меню ниже или откройте /help.
unknown-content = Такие сообщения бот не обрабатывает. Выберите действие в меню или откройте /help.
error-apology = Извините, что-то пошло не так. Мы уже разбираемся — попробуйте ещё раз чуть позже.
deeplink-invalid = Эта ссылка повреждена или недействительна.
already-member = Вы уже зарегистрированы.
welcome-back = С возвращением, { $name }! Меню — внизу.

## Registration
reg-welcome =
    👋 Добро пожаловать в «{ $org }»!
    Вступайте в команду своего избирательного округа, поддерживайте кампанию онлайн и на встречах — и поднимайтесь в рейтинге. Лидеры рейтинга получают рекомендацию в кадровый резерв.

    Для участия нужно ваше согласие на обработку персональных данных: имени, округа и телефона (если укажете). Что и зачем мы храним — /privacy. Рейтинг публичный: ваше имя, команда и баллы будут видны на сайте, а имя можно скрыть в /privacy.
reg-consent-yes = ✅ Согласен(на)
reg-consent-no = ❌ Не согласен(на)
reg-privacy-link = 📄 Политика обработки данных
reg-declined = Без согласия мы не можем вас зарегистрировать. Мы ничего о вас не сохранили. Передумаете — нажмите /start.
reg-consent-given = ✅ Согласие получено.
reg-no-districts = Регистрация пока не открыта: округа ещё не загружены. Загляните позже — /start.
reg-ask-city = Выберите ваш город кнопкой или напишите его название:
reg-back-to-cities = ← Другой город
reg-ask-district = Город { $city }. Выберите ваш избирательный округ кнопкой или напишите его название:
reg-district-chosen = ✅ Округ: { $district } ({ $city }).
reg-ask-name = Как подписать вас в рейтинге? Напишите имя и фамилию или оставьте имя из Telegram.
reg-keep-name = Оставить «{ $name }»
reg-name-chosen = ✅ Имя в рейтинге: { $name }.
reg-ask-phone = Оставьте телефон, чтобы организатор мог позвать вас на встречу. Это необязательно.
reg-share-phone = 📱 Поделиться номером
reg-skip-phone = Пропустить
reg-phone-not-yours = Это не ваш номер. Нажмите «📱 Поделиться номером» или «Пропустить».
reg-phone-use-button = Не похоже на номер телефона. Напишите его, например 89101234567, или нажмите «📱 Поделиться номером» либо «Пропустить» — кнопки внизу.
reg-district-gone = Этот округ больше недоступен. Выберите другой.
reg-resume = Продолжим регистрацию с того места, где вы остановились.
reg-step-hint = Сначала закончим регистрацию.
reg-done = 🎉 Готово, { $name }! Вы в команде «{ $district }» ({ $city }). Меню — внизу.
referral-joined = 🎉 { $name } присоединился(ась) по вашему приглашению: +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.

name-too_short = Слишком коротко: нужно хотя бы 2 символа.
name-too_long = Слишком длинно: не больше 64 символов.
name-bad_characters = В имени не должно быть служебных символов. Напишите просто имя и фамилию.

## Profile
profile-basics =
    👤 <b>{ $name }</b>
    Команда: { $district } ({ $city })
    Телефон: { $phone }
profile-no-phone = не указан
profile-rename = ✏️ Изменить имя
profile-move = 🔁 Сменить округ
rename-ask = Напишите новое имя для рейтинга.
rename-done = ✅ Теперь вы в рейтинге как { $name }.
move-ask-city = Выберите город нового округа. Сменить округ самостоятельно можно один раз за кампанию; уже набранные баллы останутся у прежней команды.
move-ask-district = Город { $city }. Выберите новый округ:
move-confirm = ✅ Да, перейти
move-confirm-text = Перейти в команду «{ $district }» ({ $city })? Это можно сделать только один раз за кампанию.
move-done = ✅ Теперь вы в команде «{ $district }» ({ $city }).
move-coordinator-done = ✅ { $name } теперь в команде «{ $district }» ({ $city }).
move-refused-unknown_district = Такого округа нет.
move-refused-same_district = Вы уже в этом округе.
move-refused-already_moved = Сменить округ самостоятельно можно один раз за кампанию — вы уже это сделали. Обратитесь к координатору.
move-refused-not_a_member = Этот человек ещё не зарегистрирован в боте: перевести можно только участника.

## Erasure
erase-ask = Удалить ваши данные? Имя, телефон и ник будут стёрты, вы выйдете из рейтинга. Отменить это нельзя.
erase-yes = 🗑 Да, удалить
erase-no = Нет, оставить
erase-kept = Хорошо, ничего не удалено.
erase-done = ✅ Ваши данные удалены.
erase-goodbye = Спасибо, что были с нами. Вернуться можно в любой момент — /start.

## Districts import
import-send-file = Отправьте CSV-файл с колонками <code>code,name,city</code> (UTF-8, разделитель — запятая или точка с запятой).
import-too-large = Файл слишком большой: не больше 2 МБ.
import-need-csv = Нужен CSV-файл документом. Отмена — /cancel.
import-done = ✅ Округа загружены: добавлено { $added }, обновлено { $updated }.
import-failed = ❌ Файл не загружен, ничего не изменено. Ошибок: { $count }.
import-error-line = Строка { $line }: { $problem }
import-more-errors = …и ещё ошибок: { $count }.
csv-not_utf8 = файл не в кодировке UTF-8
csv-empty_file = в файле нет ни одного округа
csv-too_large = файл слишком большой
csv-bad_header = первая строка должна быть заголовком code,name,city (сейчас: { $detail })
csv-wrong_columns = нужно ровно 3 колонки (сейчас: { $detail })
csv-empty_field = пустое поле { $detail }
csv-field_too_long = слишком длинное поле { $detail }
csv-bad_code = недопустимый код округа «{ $detail }» (буквы, цифры, - _ .)
csv-outside_scope = город «{ $detail }» вне вашей зоны ответственности
csv-duplicate_code = код повторяется: { $detail }

## Roles
usage-grant_organiser = Формат: <code>/grant_organiser @ник КОД_ОКРУГА</code> или <code>/grant_organiser ID Город</code>
usage-revoke_organiser = Формат: <code>/revoke_organiser @ник КОД_ОКРУГА</code> или <code>/revoke_organiser ID Город</code>
usage-grant_coordinator = Формат: <code>/grant_coordinator @ник Город</code> или <code>/grant_coordinator ID все</code>
usage-revoke_coordinator = Формат: <code>/revoke_coordinator @ник Город</code> или <code>/revoke_coordinator ID все</code>
usage-move = Формат: <code>/move @ник КОД_ОКРУГА</code>
usage-new_campaign = Формат: <code>/new_campaign Название 01.12.2026 28.02.2027</code> — название, первый и последний день.
grant-refused-unknown_scope = Не нашёл округ или город «{ $scope }». Укажите код округа, название города или «все».
grant-refused-not_in_your_scope = Это вне вашей зоны ответственности.
grant-refused-unknown_user = Не нашёл пользователя { $who }. Сначала он должен открыть бота и нажать /start. Потом укажите его @ник или Telegram ID — он виден у него в «👤 Мой профиль».
grant-refused-already = Эта роль уже есть: { $who }.
grant-refused-not_held = Такой роли нет: { $who }.
grant-done = ✅ { $who } — { $role }: { $scope }.
revoke-done = ✅ { $who } больше не { $role }: { $scope }.
role-organiser = организатор
role-coordinator = координатор

## Campaigns
campaigns-none = Кампаний пока нет.
campaigns-title = <b>Кампании</b>
campaigns-line = • { $name }: { $start } — { $end } ({ $state })
campaign-active = идёт
campaign-finished = завершена
campaign-planned = запланирована
campaign-refused-bad_dates = Дата окончания раньше даты начала.
campaign-refused-overlaps = Кампания пересекается с другой: одновременно может идти только одна.
campaign-refused-empty_name = Нужно название кампании.
campaign-created = ✅ Кампания «{ $name }»: { $start } — { $end }.
