## Честность баллов за посты: один пост — один раз, оригиналы материалов, проверка координатором
post-refused-counted_before = Этот пост уже присылали в одной из прошлых кампаний — каждый пост засчитывается один раз.
post-refused-original = Это сам материал кампании. Поделитесь им у себя и пришлите ссылку на свой пост.
post-refused-rolling_cap = За последние сутки вы прислали { $cap2 } { $cap2 ->
        [one] пост
        [few] поста
       *[many] постов
    } — это предел. Присылайте новые позже.
post-how-to-copy-link =
    Нужна ссылка на ваш пост, а не снимок экрана или файл. Как её скопировать:
    1. Откройте свой пост в соцсети.
    2. Нажмите «Поделиться».
    3. Выберите «Скопировать ссылку» и пришлите её сюда.
me-posts-pending = 📝 Ждут проверки координатора: { $count } { $count ->
        [one] пост
        [few] поста
       *[many] постов
    }.
post-approved-all = ✅ Координатор проверил и засчитал ваши посты ({ $count }): +{ $points } { $n ->
        [one] балл
        [few] балла
        [many] баллов
       *[other] балла
    }.

moderate-batch-head = 📝 Ждут проверки: { $waiting }. ✅ засчитывает пост, ❌ отклоняет его.
moderate-batch-line =
    <b>{ $number }.</b> { $name } ({ $district }), материал: { $material }
    { $url }
moderate-approve-number = ✅ { $number }
moderate-reject-number = ❌ { $number }
moderate-approve-member = ✅ Все посты: { $name } ({ $count })
moderate-trust = ⭐ Доверять: { $name }
moderate-more = Следующие посты ➡️
moderate-done-approved = Засчитано: { $name }.
moderate-done-rejected = Отклонено: { $name }.
moderate-approved-member = Засчитано постов: { $count } ({ $name }).
moderate-refused-own = Свои посты вы не проверяете: их проверит другой координатор или администратор.
moderate-refused-unknown_member = Такого участника нет. Укажите @имя или номер Telegram участника, который зарегистрирован в боте.
moderate-refused-nothing_pending = У этого участника нет постов, которые ждут проверки.
moderate-refused-already_trusted = Этот участник уже отмечен как надёжный.
moderate-refused-not_trusted = Этот участник и так не отмечен как надёжный.
trust-done = ⭐ Надёжный участник: { $name }. Посты засчитываются без проверки, снять отметку — /untrust.
untrust-done = Отметка снята: { $name }. Посты снова проверяет координатор.
usage-trust = Так: <code>/trust @имя</code> — посты участника засчитываются без проверки; <code>/untrust @имя</code> — снова с проверкой.
cmd-trust = посты участника без проверки
cmd-untrust = посты участника снова с проверкой
entry-revoke-refused-own = Начисление #{ $id } — ваше собственное: его отменит другой координатор или администратор.
entry-revoke-share-ended = Доля от баллов этого приглашённого тоже отменена (−{ $points }) и больше не начисляется.
