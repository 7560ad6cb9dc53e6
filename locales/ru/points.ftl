## «Поддержи онлайн!»: материалы и ссылки на посты
post-intro =
    📣 <b>Поддержи онлайн!</b>
    Поделитесь материалом кампании у себя в соцсетях и пришлите сюда ссылку на ваш пост: +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    } за каждый пост, до { $cap } { $cap ->
        [one] поста
       *[other] постов
    } в день. Каждый пост засчитывается один раз.
post-intro-moderated = Посты проверяет координатор: баллы придут после проверки.
post-no-materials = Свежих материалов пока нет — можно поделиться любым постом о кампании и прислать ссылку.
post-materials-title = Материалы для публикации:
post-material-shared = 📎 Я поделился(ась) — прислать ссылку
post-send-link = Пришлите ссылку на ваш пост с материалом «{ $title }».
post-counted = ✅ Пост засчитан: +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }. Сегодня: { $today } из { $cap }.
post-pending = 📝 Ссылка принята. Координатор проверит пост, и баллы придут после проверки. Сегодня: { $today } из { $cap }.
post-which-material = Каким материалом вы поделились? Так координаторы видят, что расходится лучше.
post-material-noted = ✅ Отмечено: «{ $title }».
post-link-no_url = В сообщении нет ссылки. Пришлите ссылку на ваш пост, например https://vk.com/wall-1_2.
post-link-not_allowed = Эта сеть не принимается. Подходят ссылки на посты: { $networks }.
post-link-not_a_post = Это ссылка не на пост, а на страницу, профиль или группу. Откройте сам пост и скопируйте его ссылку.
post-link-too_long = Ссылка слишком длинная. Скопируйте короткую ссылку на пост.
post-refused-no_campaign = Сейчас нет активной кампании — баллы не начисляются.
post-refused-outside_dates = Кампания «{ $campaign }» идёт с { $start } по { $end } — вне этих дат баллы не начисляются.
post-refused-duplicate = Этот пост уже прислал другой участник — каждый пост засчитывается один раз.
post-refused-duplicate_own = Вы уже присылали этот пост — он засчитывается один раз.
post-refused-daily_cap = На сегодня всё: засчитывается не больше { $cap } { $cap ->
        [one] поста
       *[other] постов
    } в день. Присылайте новые завтра!
post-refused-unknown_material = Этот материал уже снят с публикации. Пришлите ссылку ещё раз без выбора материала.
post-approved = ✅ Ваш пост проверен и засчитан: +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.
    { $url }
post-rejected =
    ❌ Ваш пост не засчитан: { $reason }
    { $url }

## Приглашения
invite-text =
    ✉️ <b>Пригласите друзей</b>
    Ваша личная ссылка: { $link }
    За каждого, кто зарегистрируется по ней, — 10 баллов и ещё 30 % от его баллов.
    Уже присоединились: { $count }.
invite-qr-caption = { $org }: сканируйте, чтобы вступить

## Профиль и рейтинг
me-points = 🏆 Баллы: <b>{ $points }</b>
me-kind-post = посты
me-kind-meeting = встречи
me-kind-referral = приглашения
me-kind-referral_share = доля от приглашённых
me-kind-line = · { $kind }: { $points }
me-rank = Место: { $rank } из { $of } · в команде: { $team_rank } из { $team_of }
me-no-rank = В рейтинге этой кампании вас пока нет.
me-referrals = Приглашено: { $count }
me-overtake = Чтобы подняться на место выше (там сейчас { $name }), нужно ещё { $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.
me-leader = 🥇 Вы на первом месте!
me-no-campaign = Кампания ещё не началась — баллов пока нет.
rating-title = 🏆 <b>Рейтинг «{ $campaign }»</b>
rating-empty = Пока никто не набрал баллов.
rating-line = { $rank }. { $name } ({ $team }) — { $points }
rating-you = Вы: { $rank } место из { $of }, { $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.
rating-teams-title = <b>Команды</b> (баллы · на участника):
rating-team-line = { $rank }. { $team } ({ $city }) — { $points } · { $per_member }
rating-no-campaign = Рейтинга пока нет: кампания не началась.
team-title = 👥 <b>Команда «{ $team }»</b> ({ $city })
team-summary = Место среди команд: { $rank } из { $of } · { $points } · на участника: { $per_member } · участников: { $members }
team-top-title = Лучшие в команде:
team-you = Вы: { $rank } место в команде из { $of }.

## Координаторам: материалы, проверка, отмена, выгрузка
publish-ask-text =
    Материал { $scope }. Пришлите текст: первая строка — заголовок, дальше — текст поста. Можно прислать фото с подписью.
    Отменить — /cancel.
publish-ask-link = Добавьте ссылку, которой участники поделятся, или нажмите «Без ссылки».
publish-no-link = Без ссылки
publish-bad-link = Это не ссылка. Пришлите ссылку (https://…) или нажмите «Без ссылки».
publish-done = ✅ Материал «{ $title }» опубликован { $scope }. Участники увидят его в «📣 Поддержи онлайн!».
publish-withdraw = Снять с публикации
publish-withdrawn = Материал «{ $title }» снят с публикации.
publish-refused-no_campaign = Нет активной кампании — публиковать материалы некуда.
publish-refused-empty = Пустой материал. Пришлите текст (первая строка — заголовок).
publish-refused-too_long = Слишком длинно: не больше 3000 символов.
publish-refused-not_in_scope = Это вне вашей зоны ответственности.
publish-refused-unknown = Такого материала нет или он уже снят.
publish-unknown-scope = Не нашёл «{ $scope }». Укажите код округа, город или «все»: /publish NSK-1
material-for-all = для всех
material-for-city = для города { $city }
material-for-district = для округа { $district }
moderate-empty = ✅ Непроверенных постов нет.
moderate-card =
    📝 Пост на проверке ({ $waiting } в очереди)
    От: { $name } ({ $district })
    Материал: { $material }
    { $url }
moderate-no-material = не указан
moderate-approve = ✅ Засчитать
moderate-reject = ❌ Отклонить
moderate-skip = ⏭ Пропустить
moderate-back = ← Назад
moderate-choose-reason = Почему пост отклонён?
moderate-approved = ✅ Засчитано: { $name }, { $url }
moderate-rejected = ❌ Отклонено ({ $reason }): { $name }, { $url }
moderate-refused-unknown_post = Такого поста нет.
moderate-refused-not_in_scope = Этот пост вне вашей зоны ответственности.
moderate-refused-already_decided = Этот пост уже проверен.
moderate-refused-campaign_finished = Кампания завершена, рейтинг зафиксирован.
reject-reason-not_material = пост не с материалом кампании
reject-reason-unavailable = пост недоступен или удалён
reject-reason-not_own = это не ваш пост
reject-reason-rules = пост нарушает правила кампании
usage-revoke = Так: <code>/revoke НОМЕР_НАЧИСЛЕНИЯ причина</code>, например <code>/revoke 17 пост удалён</code>. Номера начислений участника: <code>/entries @имя</code>.
entry-revoke-done = ↩️ Начисление #{ $id } отменено: { $name }, −{ $points }. Причина: { $reason }
entry-revoke-shares = Доля пригласившего тоже отменена: −{ $points }.
entry-revoke-refused-not_found = Начисления #{ $id } нет.
entry-revoke-refused-is_reversal = #{ $id } — это уже отмена, её нельзя отменить.
entry-revoke-refused-already_revoked = Начисление #{ $id } уже отменено.
entry-revoke-refused-is_share = #{ $id } — доля пригласившего: отмените исходное начисление, и доля отменится вместе с ним.
entry-revoke-refused-not_in_scope = Начисление #{ $id } вне вашей зоны ответственности.
entry-revoke-member-told = ↩️ Координатор отменил начисление: −{ $points } ({ $kind }). Причина: { $reason }
export-no-campaign = Выгружать нечего: кампаний ещё нет.
export-caption = Рейтинг «{ $campaign }»: { $count } { $n ->
        [one] участник
        [few] участника
       *[many] участников
    }.
usage-entries = Так: <code>/entries @имя</code> или <code>/entries ID_в_Telegram</code> — последние начисления участника с номерами для <code>/revoke</code>.
entries-refused-not_a_member = { $who } — не участник кампании.
entries-refused-not_in_scope = { $who } — вне вашей зоны ответственности.
entries-none = { $name }: в этой кампании начислений пока нет.
entries-head = Последние начисления: { $name }
entries-line = #{ $id } · { $when } · { $what } · +{ $points }
entries-line-revoked = <s>#{ $id } · { $when } · { $what } · +{ $points }</s> (отменено)
entries-footer = Отменить: <code>/revoke НОМЕР причина</code>
