## Проверка постов, связанные профили, сигналы, отстранение, журнал действий
cmd-audit = журнал действий координаторов (CSV, XLSX)
audit-empty = Журнал пока пуст: координаторы ещё ничего не делали.
audit-caption = Журнал действий: { $count } { $count ->
        [one] запись
        [few] записи
       *[many] записей
    }.

## Отстранение
cmd-suspend = отстранить участника (без баллов и вне рейтинга)
cmd-unsuspend = вернуть отстранённого участника
usage-suspend = Напишите так: <code>/suspend @имя причина</code> или <code>/suspend TELEGRAM_ID причина</code>. Участник узнает причину.
usage-unsuspend = Напишите так: <code>/unsuspend @имя</code> или <code>/unsuspend TELEGRAM_ID</code>.
suspend-refused-not_a_member = Такого участника нет.
suspend-refused-not_in_scope = Этот участник вне вашей зоны ответственности.
suspend-refused-no_reason = Укажите причину: участник её узнает.
suspend-refused-self = Отстранить самого себя нельзя.
suspend-refused-already = Этот участник уже отстранён.
suspend-refused-not_suspended = Этот участник не отстранён.
suspend-done = ⛔ { $name } отстранён(а): { $reason }. Новые баллы не начисляются, в рейтинге и резерве участника нет. Вернуть: <code>/unsuspend</code>.
unsuspend-done = ✅ { $name } снова участвует: баллы и место в рейтинге возвращены.
suspend-notice = ⛔ Координатор отстранил вас от рейтинга кампании. Причина: { $reason }. Пока отстранение действует, новые баллы не начисляются, а вас нет в рейтинге и кадровом резерве.
suspend-lifted-notice = ✅ Отстранение снято: вы снова в рейтинге, все ваши баллы сохранены.
me-suspended = ⛔ Вы отстранены от рейтинга. Причина: { $reason }

## Связанные профили
cmd-profiles = мои профили в соцсетях
network-vk = ВКонтакте
network-ok = Одноклассники
network-telegram = Телеграм-канал
network-dzen = Дзен
profiles-none = 🔗 Профили в соцсетях пока не привязаны. Привяжите свои страницы ВКонтакте, в Одноклассниках, Дзене и свой Телеграм-канал: так бот проверит, что посты ваши.
profiles-title = 🔗 Ваши профили:
profiles-line = · { $network }: { $url }
profiles-add = ➕ Привязать профиль
profiles-remove = ✖ Отвязать { $network } { $key }
profiles-send-link = Пришлите ссылку на свой профиль: например https://vk.com/id123, https://ok.ru/profile/123, https://t.me/мой_канал или https://dzen.ru/мой_канал.
profiles-linked = ✅ Привязано: { $network }, { $url }
profiles-removed = Профиль отвязан.
profiles-refused-empty = Пришлите ссылку на профиль.
profiles-refused-unknown_network = Это не ВКонтакте, Одноклассники, Телеграм или Дзен. Пришлите ссылку на профиль в одной из этих сетей.
profiles-refused-not_a_profile = Это ссылка не на профиль, а на пост, раздел или приглашение. Откройте свою страницу и скопируйте её ссылку.
profiles-refused-taken = Этот профиль уже привязан к другому участнику. Если это ваш профиль, напишите координатору.
profiles-refused-already_yours = Этот профиль уже привязан к вам.
profiles-refused-too_many = Привязано слишком много профилей: сначала отвяжите лишние.

## Проверка постов
post-pending-verification = 🔎 Ссылка принята, пост проверяется: обычно это занимает несколько секунд. Баллы придут после проверки. Сегодня: { $today } из { $cap }.
verify-counted = ✅ Пост проверен и засчитан: +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.
    { $url }
verify-refused = ❌ Пост не засчитан после проверки: { $reason }.
    { $url }
verify-handed-over-no_check = 🔎 Этот пост нельзя проверить автоматически, поэтому его посмотрит координатор. Баллы придут после проверки.
    { $url }
verify-handed-over-no_token = 🔎 Пост посмотрит координатор: автоматическая проверка ВКонтакте сейчас не настроена. Баллы придут после проверки.
    { $url }
verify-handed-over-outage = 🔎 Соцсеть долго не отвечала, поэтому пост посмотрит координатор. Баллы придут после проверки.
    { $url }
verify-handed-over-unclear = 🔎 Автоматическая проверка не дала ответа, поэтому пост посмотрит координатор. Баллы придут после проверки.
    { $url }
me-pending-verification = 🔎 На проверке: { $count } { $count ->
        [one] пост
        [few] поста
       *[many] постов
    }
post-refused-suspended = ⛔ Вы отстранены от рейтинга, поэтому баллы за посты сейчас не начисляются.
post-intro-verified = Посты проверяются автоматически: обычно баллы приходят через несколько секунд.
profiles-open = 🔗 Мои профили в соцсетях

## Сигналы о накрутке
cmd-flags = сигналы о возможной накрутке
flags-none = 🚩 Открытых сигналов нет.
flags-title = 🚩 Открытые сигналы: { $count }. Самые новые сверху. Это повод проверить, а не приговор: ничего не отменяется без вашего решения.
flag-referral_burst = 🚩 <b>Всплеск приглашений</b> · { $found }
    { $name } привёл(а) { $count } { $count ->
        [one] человека
        [few] человек
       *[many] человек
    } за сутки: с { $first } по { $last }.
    Приглашённые: { $people }
flag-idle_referees = 🚩 <b>Приглашённые ничего не делают</b> · { $found }
    У { $name } { $idle } из { $referees } приглашённых ({ $share } %) за первую неделю не прислали ни одного поста и не пришли ни на одну встречу.
    Кто: { $people }
flag-referee_erased = 🚩 <b>Приглашённый быстро удалил данные</b> · { $found }
    Участник { $referee }, которого пригласил(а) { $name }, зарегистрировался { $registered } и удалил данные { $erased }.
flag-refused_posts = 🚩 <b>Много отклонённых постов</b> · { $found }
    У { $name } { $day } отклонено { $count } { $count ->
        [one] пост
        [few] поста
       *[many] постов
    }.
flag-profile_claimed_twice = 🚩 <b>Чужой профиль</b> · { $found }
    { $name } пытался(ась) привязать профиль { $profile }, который уже привязан к участнику { $holder }.
flag-shared_phone = 🚩 <b>Один телефон у нескольких участников</b> · { $found }
    Номер, оканчивающийся на { $ends }: { $people }
flag-repeated_attendees = 🚩 <b>Одни и те же люди на встречах</b> · { $found }
    У организатора { $name } на { $meetings } встречах { $checkins } отметок, но всего { $people } разных человек.
flag-attendees_from_elsewhere = 🚩 <b>Участники встреч из других городов</b> · { $found }
    У организатора { $name } из { $checkins } отметок { $elsewhere } — жители других городов.
flag-open-entries = 📋 Начисления участника
flag-revoke = ↩️ Отменить баллы за этих приглашённых
flag-trust = ✅ Доверяю
flag-suspend = ⛔ Отстранить
flag-dismiss = 🙈 Всё в порядке
flag-dismissed = 🙈 Отмечено: всё в порядке.
flag-suspended = ⛔ { $name } отстранён(а).
flag-trusted = ✅ { $name } отмечен(а) как проверенный участник.
flag-revoked = ↩️ Отменено начислений: { $count }.
flag-no-entries = Начислений нет.
flag-refused-unknown = Такого сигнала нет.
flag-refused-not_in_scope = Этот сигнал вне вашей зоны ответственности.
flag-refused-closed = По этому сигналу уже приняли решение.
flag-refused-nothing_to_revoke = Отменять нечего: баллы за этих приглашённых уже отменены или не начислялись.
flag-reason-referral_burst = всплеск приглашений
flag-reason-idle_referees = приглашённые не участвуют в кампании
flag-reason-referee_erased = приглашённый сразу удалил данные
flag-reason-refused_posts = много отклонённых постов
flag-reason-profile_claimed_twice = попытка привязать чужой профиль
flag-reason-shared_phone = несколько аккаунтов с одним телефоном
flag-reason-repeated_attendees = на встречах отмечаются одни и те же люди
flag-reason-attendees_from_elsewhere = на встречах отмечаются жители других городов
digest-signals = Открытые сигналы о накрутке: { $count } (/flags)

## Материалы как действия
cmd-materials = сколько поделились материалами: по командам и дням
materials-none = Текущих материалов нет.
materials-head = 📣 <b>{ $title }</b> · поделились: { $count }
materials-teams = По командам: { $teams }
materials-days = По дням: { $days }
material-shared-count = Поделились: { $count }
material-hashtag = Хештег в посте: #{ $hashtag }
material-original = Оригинал для репоста: { $url }

## Режим проверки постов
cmd-moderation = как засчитываются посты: verified, manual или auto
usage-moderation = Напишите так: <code>/moderation verified</code> (бот проверяет посты сам), <code>/moderation manual</code> (каждый пост смотрит координатор) или <code>/moderation auto</code> (посты засчитываются сразу).
moderation-verified = бот проверяет каждый пост в соцсети
moderation-manual = каждый пост проверяет координатор
moderation-auto = посты засчитываются сразу, без проверки
moderation-set = ✅ Кампания «{ $name }»: { $mode }.
