-- No query reads payments by their appointment: payroll, its workbook and the weekly facts look
-- each payment's appointment up by the appointment's key, or hash the month's payments. The
-- index on payment (appointment_id) was only ever scanned by the planner for its estimates (the
-- weekly facts' plans and times are the same without it), and it cost its build in every first
-- load (a third of the payment indexes' time) and an entry in every later insert.
drop index payment_appointment;
