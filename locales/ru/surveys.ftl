## Surveys (SPEC §11)
cmd-survey = создать опрос
cmd-surveys = опросы и их результаты
me-kind-survey = опросы
broadcast-kind-survey = опрос

## The invitation and answering
survey-invite-title = 📋 Опрос: <b>{ $title }</b>
survey-invite-questions = { $n ->
    [one] { $n } вопрос
    [few] { $n } вопроса
   *[many] { $n } вопросов
}, ответить можно до { $ends }.
survey-invite-points = За полный ответ: { $points } { $n ->
    [one] балл
    [few] балла
   *[many] баллов
}.
survey-invite-anonymous = Ответы анонимные: организаторы увидят только общие итоги.
survey-invite-how = Вопросы будут приходить по одному; можно вернуться на шаг назад и закончить позже.
survey-take = 📝 Пройти опрос
survey-question-number = Вопрос { $n } из { $of } · { $title }
survey-hint-single = Выберите один вариант.
survey-hint-multi = Отметьте все подходящие варианты и нажмите «Готово».
survey-hint-scale = Оцените от 1 до 5, где 5 — лучше всего.
survey-hint-text = Напишите ответ одним сообщением.
survey-hint-optional = Этот вопрос можно пропустить.
survey-your-answer = Ваш прежний ответ: { $answer }
survey-done = ✅ Готово
survey-back = ⬅ Назад
survey-skip = Пропустить ➡
survey-skipped = пропущен
survey-answered = { $n }. { $question }
    → { $answer }
survey-thanks = 🙏 Спасибо! Ваши ответы сохранены.
survey-thanks-points = Начислено { $points } { $n ->
    [one] балл
    [few] балла
   *[many] баллов
} за полный ответ.
survey-paused = Ответы сохранены. Чтобы продолжить, нажмите кнопку «Пройти опрос» в приглашении.
survey-first-question = Это первый вопрос, назад некуда.
survey-refused-not_found = Такого опроса нет.
survey-refused-not_invited = Этот опрос не для вас: его отправили другим участникам.
survey-refused-closed = Опрос уже закончился, ответы больше не принимаются. Спасибо, что откликнулись!
survey-refused-already_answered = Вы уже ответили на этот опрос. Спасибо!
survey-refused-not_started = Сначала нажмите кнопку «Пройти опрос» в приглашении.
survey-refused-stale = Эта кнопка уже не действует: ответьте на последний вопрос ниже.
survey-refused-wrong_kind = На этот вопрос отвечают кнопками под ним. Чтобы прерваться и продолжить позже, напишите «стоп».
survey-refused-required = На этот вопрос нужно ответить, пропустить его нельзя.
survey-refused-too_long = Слишком длинный ответ: не больше { $limit } знаков. Сократите, пожалуйста.
survey-refused-empty = Напишите ответ текстом.

## Making a survey
survey-make-intro = Создаём опрос: название, от 1 до { $max } вопросов, кому отправить и до какого времени отвечать. Выйти — «отмена», шаг назад — «назад».
survey-make-title = Как назовём опрос? Название увидят участники.
survey-make-question = Вопрос { $n } из { $max } возможных: пришлите его текст.
survey-make-kind = Как на него отвечать?
survey-kind-single = Один вариант
survey-kind-multi = Несколько вариантов
survey-kind-scale = Оценка от 1 до 5
survey-kind-text = Свободный ответ
survey-make-kind-chosen = Тип ответа: { $kind }.
survey-make-options = Пришлите варианты ответа, каждый с новой строки: от { $min } до { $max }.
survey-make-required = Ответ на этот вопрос обязателен?
survey-required-yes = Да, обязателен
survey-required-no = Можно пропустить
survey-make-question-added = Вопрос { $n } добавлен: { $text }
survey-make-more = { $n ->
    [one] В опросе { $n } вопрос
    [few] В опросе { $n } вопроса
   *[many] В опросе { $n } вопросов
} из { $max } возможных. Добавить ещё?
survey-make-add = ➕ Ещё вопрос
survey-make-finish-questions = ✅ Вопросы готовы
survey-make-max-questions = В опросе уже { $max } вопросов, больше нельзя.
survey-make-removed-last = Последний вопрос убран, пришлите его заново.
survey-make-audience = Кому отправить опрос?
survey-audience-mine = 📢 Всем в моей зоне
survey-audience-meetings = 🤝 Участникам встречи
survey-audience-city = 🏙 Весь город { $city }
survey-audience-back = ⬅ Назад
survey-audience-no-meetings = В вашей зоне нет прошедших встреч с отмеченными участниками.
survey-make-audience-district = { $city }: весь город или один округ?
survey-make-audience-meeting = Участникам какой встречи?
survey-audience-label-mine = все участники в вашей зоне
survey-audience-label-city = город { $name }
survey-audience-label-district = округ { $name }
survey-audience-label-meeting = участники встречи { $name }
survey-make-audience-chosen = Получатели: { $audience }, { $n ->
    [one] { $n } человек
    [few] { $n } человека
   *[many] { $n } человек
}.
survey-make-ends = До какого времени принимать ответы? Напишите дату и время, например 25.12 18:00, завтра 20:00 или через 3 дня, или выберите ниже.
survey-ends-in = { $n ->
    [one] 1 день
    [few] { $n } дня
   *[many] { $n } дней
}
survey-ends-unrecognised = Не понял дату. Напишите, например, 25.12 18:00, завтра 20:00 или через 3 дня.
survey-ends-no_such_date = Такой даты нет в календаре. Проверьте число и месяц.
survey-ends-in_the_past = Это время уже прошло. Укажите время в будущем.
survey-ends-too_far = Слишком далеко: опрос может идти не дольше { $days } дней.
survey-make-ends-chosen = Ответы принимаются до { $ends }.
survey-make-anonymous = Показывать в результатах, кто как ответил?
survey-anonymous-yes = Анонимный опрос: в результатах только общие итоги.
survey-anonymous-no = Именной опрос: в выгрузке видно, кто как ответил.
survey-make-points = Начислять баллы за полный ответ? По правилам кампании это { $points } { $n ->
    [one] балл
    [few] балла
   *[many] баллов
}, и пригласившие получат свою долю.
survey-points-yes = Начислять баллы за полный ответ.
survey-points-no = Без баллов.
survey-points-none = без баллов
survey-points-some = { $points } { $n ->
    [one] балл
    [few] балла
   *[many] баллов
} за полный ответ
survey-anonymous-button-yes = 🙈 Анонимно
survey-anonymous-button-no = 👤 С именами
survey-points-button-yes = Да, начислять
survey-points-button-no = Без баллов
survey-make-preview = Так участники увидят опрос:
survey-preview-question = { $n }. { $text } ({ $kind })
survey-preview-optional = можно пропустить
survey-make-confirm = Получатели: { $audience }, { $n ->
    [one] { $n } человек
    [few] { $n } человека
   *[many] { $n } человек
}.
    Ответы до { $ends }.
    { $anonymous }
    Баллы: { $points }.
survey-make-send = 📨 Отправить ({ $n })
survey-make-cancel = ✖ Отмена
survey-make-cancelled = Опрос не создан.
survey-make-lost = Черновик опроса потерян. Начните заново: /survey
survey-make-press-a-button = Выберите вариант кнопкой выше. Выйти — «отмена», шаг назад — «назад».
survey-make-need-text = Нужен текст. Выйти — «отмена».
survey-make-sent = Опрос { $title } поставлен в рассылку: { $n ->
    [one] { $n } получатель
    [few] { $n } получателя
   *[many] { $n } получателей
}. Результаты — /surveys.
survey-text-too_short = Слишком коротко: нужно хотя бы { $min } знака.
survey-text-too_long = Слишком длинно: не больше { $max } знаков.
survey-options-too_few = Нужно хотя бы { $min } варианта, каждый с новой строки.
survey-options-too_many = Слишком много вариантов: не больше { $max }.
survey-options-too_long = Вариант слишком длинный: не больше { $limit } знаков, чтобы поместиться на кнопке.
survey-options-repeated = Варианты повторяются. Пришлите их заново, без повторов.
survey-refused-make-no_questions = В опросе нет ни одного вопроса. Добавьте хотя бы один.
survey-refused-make-too_many_questions = В опросе слишком много вопросов.
survey-refused-make-no_audience = Отправлять некому: среди выбранных получателей нет участников.
survey-refused-make-ends_in_the_past = Время окончания уже прошло. Укажите новое.

## Results
survey-list = Опросы (🟢 идут сейчас):
survey-list-empty = Опросов пока нет. Создать — /survey
survey-results-button = 📊 Результаты
survey-results-title = 📊 <b>{ $title }</b>
survey-results-open = Идёт до { $ends }.
survey-results-closed = Закончился { $ends }.
survey-results-answered = Ответили: { $n } из { $of }.
survey-results-in-progress = Ещё отвечают: { $n }.
survey-results-anonymous = Опрос анонимный.
survey-results-question = <b>{ $n }. { $text }</b>
survey-results-option = · { $option }: { $n }
survey-results-average = Средняя оценка: { $average } (оценок: { $n })
survey-results-scale = { $counts }
survey-results-text = — { $text }
survey-results-no-answers = Ответов нет.
survey-results-refresh = 🔄 Обновить
survey-results-charts = 📈 Диаграммы
survey-chart-axis = Ответы
survey-chart-caption = { $n }. { $text }
survey-export-caption = { $title }: { $n ->
    [one] { $n } ответ
    [few] { $n } ответа
   *[many] { $n } ответов
}
survey-col-number = №
survey-col-finished = Ответ получен
survey-col-name = Участник
survey-col-district = Округ
survey-erased = удалил данные

## The digest
digest-survey-line = 📋 Опрос { $title }: ответили { $answered } из { $of }, до { $ends }

## After a meeting
feedback-title = Как прошла встреча { $meeting }?
feedback-question-rating = Как вам встреча? Оцените от 1 до 5.
feedback-question-comment = Что понравилось, что сделать лучше?
feedback-card-on = 💬 После встречи участники получат короткий опрос: оценка и комментарий.
feedback-card-off = 💬 Опрос после встречи выключен.
feedback-turn-off = 🔕 Не спрашивать отзыв
feedback-turn-on = 🔔 Спросить отзыв после встречи
feedback-switched-on = После встречи участники получат опрос об отзыве.
feedback-switched-off = Опрос после встречи не придёт.
feedback-card-results = 💬 Отзывы: { $n } из { $of }, средняя оценка { $average }.
feedback-card-open = 💬 Отзывы участников

## "Check your details"
survey-make-template = 📇 Шаблон: проверьте свои данные
survey-make-template-chosen = Шаблон выбран: участники подтвердят или поправят свой округ, телефон и уведомления. Ответы сразу обновят их данные.
details-title = Проверьте свои данные
details-question-district = Вы по-прежнему в этом округе?
details-district-same = Да, всё верно
details-district-moved = Сменил(а) округ
details-question-phone = Телефон для связи с вами
details-phone-same = Оставить как есть
details-phone-removed = Удалить номер
details-phone-new = Новый номер
survey-kind-district = округ
survey-kind-phone = телефон
survey-hint-district = Если переехали, выберите город, затем новый округ.
survey-hint-phone = Новый номер можно отправить кнопкой внизу экрана.
details-current-district = Сейчас: { $district } ({ $city }).
details-current-phone = Сейчас: { $phone }.
details-no-phone = Сейчас номер не указан.
details-share-phone = 📱 Поделиться номером
details-share-hint = Новый номер — кнопкой «📱 Поделиться номером» внизу.
details-back-to-cities = ⬅ К городам
details-not-your-phone = Это не ваш номер. Поделитесь своим кнопкой внизу.
details-outcome-district_same = Округ: без изменений.
details-outcome-district_moved = Теперь вы в команде округа { $detail }.
details-outcome-district_already_moved = Округ не изменён: в этой кампании вы уже меняли его сами. Чтобы перейти ещё раз, напишите координатору.
details-outcome-phone_same = Телефон: без изменений.
details-outcome-phone_removed = Телефон удалён.
details-outcome-phone_updated = Телефон обновлён: { $detail }.
