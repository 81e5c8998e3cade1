# Las páginas de la cuenta del cliente (/account): servicios, consumo,
# facturas, pagos, contraseña, sesiones e idioma.

## Comunes a las páginas de la cuenta
account-session-ended = Su sesión ha caducado. Vuelva a iniciar sesión.
account-plan-monthly = { $name } — { $fee } al mes
account-plan-per-minute = { $name } — pago por minuto
account-service-sip = Teléfono IP (SIP)
account-customer-status-pending-verification = pendiente de verificación
account-customer-status-suspended = suspendida
account-customer-status-closed = cerrada
account-service-status-suspended = suspendido
account-service-status-closed = dado de baja

## La tarjeta de un servicio
account-plan = Tarifa
account-in-bundle = Incluido en su paquete
account-serial = Número de serie
account-phone-numbers = Números de teléfono
account-sip-server = Servidor SIP
account-copy-sip-server = Copiar el servidor SIP
account-port = Puerto
account-sip-username = Usuario SIP
account-copy-sip-username = Copiar el usuario SIP
account-secret-pin = PIN
account-copy-pin = Copiar el PIN
account-copy-password = Copiar la contraseña
account-reveal-pin = Mostrar el PIN
account-reveal-password = Mostrar la contraseña
account-reveal = Mostrar

## La página de la cuenta
account-loading = Cargando su cuenta…
account-title = Su cuenta
account-add-service = Añadir un servicio
account-new-service = Su nuevo servicio
account-new-service-ready = Su nuevo servicio está listo.
account-new-service-note = Aquí se muestran sus credenciales; puede volver a consultarlas cuando quiera en su tarjeta, más abajo.
account-credit-limit = Límite de crédito
account-balance = Saldo
account-status-line = Estado de la cuenta: { $status }
account-no-services = Aún no tiene servicios
account-no-services-note = Sus servicios aparecerán aquí.
account-kind = Cuenta
account-postpaid = Pospago
account-prepaid = Prepago
account-billing-day = Día de facturación
account-billing-day-value = Día { $day } de cada mes
account-services = Sus servicios
account-have-card = Tengo una tarjeta
account-change-password = Cambiar la contraseña
account-language-note = Sus páginas, correos y facturas se redactan en este idioma.
account-language-saved = Guardado.

## Números de teléfono, contraseña SIP, contraseña de acceso, tarjetas y nuevos servicios
account-enter-number = Introduzca un número de teléfono.
account-remove-number = Quitar { $number }
account-remove = Quitar
account-add-number-label = Añadir un número de teléfono
account-add-number = Añadir número
account-reset-sip-confirm = ¿Generar una nueva contraseña SIP? Su teléfono tendrá que usar la nueva.
account-reset-sip = Restablecer la contraseña SIP
account-new-sip-password = Nueva contraseña SIP:
account-current-password = Contraseña actual
account-current-password-required = La contraseña actual es obligatoria.
account-new-password = Nueva contraseña
account-password-hint = Al menos 8 caracteres.
account-password-too-short = La nueva contraseña debe tener al menos { $count } caracteres.
account-password-too-long = La nueva contraseña debe tener como máximo { $count } caracteres.
account-password-blank = La nueva contraseña no puede contener solo espacios.
account-password-changed = Su contraseña se ha cambiado.
account-card-pin = PIN de la tarjeta
account-card-pin-required = El PIN de la tarjeta es obligatorio.
account-card-pin-hint = El PIN impreso en su tarjeta; su saldo se añade a su cuenta.
account-register-card = Registrar la tarjeta
account-new-service-kind = Nuevo servicio
account-plan-for-it = Su tarifa
account-choose-plan = Elija una tarifa
account-number-to-call-from = Número desde el que llamará
account-add-service-button = Añadir el servicio

## Consumo
account-usage = Su consumo
account-usage-period = Periodo de consumo
account-from = Desde
account-to = Hasta
account-show = Mostrar
account-usage-loading = Cargando su consumo…
account-period-range = del { $from } al { $to }
account-usage-summary = Del { $from } al { $to }: { $calls }, { $total }
account-usage-no-services = Sin servicios
account-usage-no-services-note = El consumo aparecerá aquí cuando tenga un servicio.
account-usage-per-service = Consumo por servicio, { $period }
account-col-service = Servicio
account-col-calls = Llamadas
account-col-minutes = Minutos
account-col-included = Minutos incluidos
account-col-cost = Coste
account-no-calls = No hay llamadas en este periodo
account-no-calls-note = Aquí se muestra en un gráfico el coste de las llamadas de cada día.
account-cost-per-day = Coste por día

## Facturas
account-invoices = Sus facturas
account-invoices-loading = Cargando sus facturas…
account-no-invoices = Aún no tiene facturas
account-no-invoices-note = Su primera factura llegará al final de su primer periodo de facturación, con todos sus servicios.
account-save-failed = El navegador no ha podido guardar el archivo.
account-col-number = Número
account-col-period = Periodo
account-col-total = Total
account-col-amount-due = Importe a pagar
account-col-paid = Pagado
account-col-status = Estado
account-col-pdf = PDF
account-col-payment = Pago
account-download = Descargar
account-download-pdf = Descargar { $number } en PDF
account-invoice-status-open = pendiente
account-invoice-status-overdue = vencida
account-invoice-status-paid = pagada
account-invoice-status-void = anulada
account-invoice = Factura
account-invoice-title = Factura { $number }
account-invoice-loading = Cargando la factura…
account-voided-by = Anulada por la factura rectificativa { $number }.
account-due = Vencimiento
account-invoice-lines = Líneas de { $number }
account-col-description = Descripción
account-col-net = Neto
account-col-tax = Impuestos
account-invoice-payments = Pagos de esta factura
account-pay-now = Pagar ahora
account-card-payments-unavailable = Los pagos con tarjeta no están disponibles; póngase en contacto con { $seller } para pagar por otro medio.
account-payment-page-failed = El navegador no ha podido abrir la página de pago.

## Pagos
account-payments = Pagos
account-payments-loading = Cargando sus pagos…
account-your-payments = Sus pagos
account-no-payments = Aún no hay pagos
account-no-payments-note = Aquí aparecerán sus pagos con tarjeta, sus recargas y los pagos que registre su proveedor.
account-col-date = Fecha
account-col-what = Concepto
account-amount = Importe
account-col-reference = Tarjeta o referencia
account-col-failure = Motivo del fallo
account-refunded = ({ $amount } reembolsado)
account-purpose-top-up = Recarga
account-purpose-auto-charge = Cargo automático
account-purpose-card-saved = Tarjeta guardada
account-payment-status-pending = pendiente
account-payment-status-succeeded = completado
account-payment-status-failed = fallido
account-payment-status-canceled = cancelado
account-card-payments-off = Su proveedor no ha configurado los pagos con tarjeta.
account-saved-card = Tarjeta guardada
account-saved-card-label = Tarjeta guardada:
account-remove-card = Eliminar la tarjeta
account-card-removed = Tarjeta eliminada.
account-no-card = No hay ninguna tarjeta guardada. Guarde una para pagar con un solo clic y recargar automáticamente.
account-save-card = Guardar una tarjeta
account-card-page-failed = El navegador no ha podido abrir la página de la tarjeta.
account-top-up-by-card = Recargar con tarjeta
account-in-currency = En { $currency }.
account-save-this-card = Guardar esta tarjeta
account-replaces-card = Sustituye a la tarjeta guardada actualmente.
account-card-for-later = Para la recarga automática y los pagos futuros.
account-top-up = Recargar
account-auto-top-up = Recarga automática
account-top-up-automatically = Recargar automáticamente
account-top-up-below = Cuando el saldo baje de
account-top-up-by = Importe de la recarga
account-auto-top-up-saved = Recarga automática guardada.
account-auto-top-up-off = La recarga automática está desactivada.

## De vuelta de la página de pago con tarjeta
account-checking-payment = Comprobando su pago…
account-payment-received = Pago recibido. Gracias.
account-card-saved = Su tarjeta se ha guardado.
account-payment-pending = Pago pendiente…
account-payment-failed = El pago ha fallado.
account-payment-cancelled = Pago cancelado.

## Sesiones
account-sessions = Sus sesiones
account-sessions-note = Dónde tiene la sesión iniciada. Cierre las que no reconozca y, a continuación, cambie su contraseña.
account-sessions-loading = Cargando las sesiones…
account-col-device = Dispositivo
account-col-address = Dirección
account-col-signed-in = Inicio de sesión
account-col-last-used = Último uso
account-col-actions = Acciones
account-this-session = sesión actual
account-sign-out-device = Cerrar la sesión de { $device }
account-calls = Tus llamadas
account-calls-search = Buscar en tus llamadas
account-calls-every-service = Todos los servicios
account-calls-number = Número llamado
account-calls-loading = Cargando tus llamadas…
account-calls-none = No se encontraron llamadas
account-calls-none-note = Cada llamada que hagas aparece aquí una vez tarificada: cuándo, el número, cuánto duró y cuánto costó.
account-calls-shown = Llamadas { $first }–{ $last } de { $total }
account-calls-time = Hora (UTC)
account-calls-duration = Duración
account-calls-billed = Facturado
account-calls-included = De la franquicia
account-calls-charge = Importe
account-calls-pages = Páginas de llamadas
account-calls-previous = Anterior
account-calls-next = Siguiente
account-export-csv = Exportar CSV
account-exporting = Exportando…
account-itemized = Facturas detalladas
account-itemized-label = Detallar cada llamada en mis facturas
account-itemized-hint = Cada factura termina entonces con sus llamadas, servicio por servicio: cuándo, el número, la duración y el importe.
account-itemized-saved = Guardado: tus próximas facturas lo seguirán.

## Phone numbers (IP phones and video)
account-numbers-none = Aún no hay número: tome uno abajo y las llamadas a él sonarán en este teléfono.
account-numbers-porting-out = en portabilidad
account-numbers-give-back = Devolver
account-numbers-give-back-n = Devolver { $number }
account-numbers-give-back-confirm = ¿Devolver { $number }? Se factura hasta hoy y las llamadas a él dejarán de sonar en este teléfono. No podrá recuperarlo.
account-numbers-add = Añadir un número de teléfono
account-numbers-take-n = Tomar { $number }
