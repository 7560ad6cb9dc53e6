## The dashboard's page of open fraud signals (SPEC §10, §12)
dash-nav-signals = Сигналы о накрутке
dash-nav-signals-open = Открытых сигналов: { $n }
dash-signals-title = Сигналы о возможной накрутке
dash-signals-intro = Сигнал — повод проверить, а не приговор: ничего не отменяется без вашего решения. Отстранённый участник получает сообщение с причиной.
dash-signals-open = { $n ->
    [one] Открыт { $n } сигнал
    [few] Открыто { $n } сигнала
   *[many] Открыто { $n } сигналов
}, самые новые сверху.
dash-signals-shown = Показаны самые новые: { $shown } из { $total }.
dash-signals-none = Открытых сигналов нет.
dash-signal-suspend-reason = Причина, которую увидит участник: { $reason }
dash-signal-suspended = ⛔ Участник отстранён и получил сообщение с причиной.
dash-signal-trusted = ✅ Участник отмечен как проверенный: его посты не ждут проверки координатором, сигналы о нём закрыты.
dash-signal-all = Все открытые сигналы
