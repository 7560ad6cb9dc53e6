## broadcasts
