# La factura en PDF. Las descripciones de las líneas (nombres de planes y
# paquetes) se imprimen tal como están guardadas; importes y fechas, con el
# formato del idioma del cliente.

## Encabezado
invoice-title = FACTURA
invoice-title-void = FACTURA (ANULADA)
invoice-from = Emisor
invoice-bill-to = Facturar a
invoice-tax-id = NIF: { $id }
invoice-period = Periodo
invoice-period-range = del { $start } al { $end }
invoice-issued = Fecha de emisión
invoice-due = Vencimiento
invoice-currency = Moneda

## La tabla de líneas
invoice-description = Descripción
invoice-calls = Llamadas
invoice-minutes = Minutos
invoice-tax-rate = % Imp.
invoice-net = Base
invoice-tax = Cuota
invoice-amount = Total
invoice-nothing = No hay nada que facturar en este periodo.
invoice-included-minutes = { $minutes } minutos incluidos consumidos
invoice-group-bundles = Paquetes
invoice-group-other = Otros cargos y abonos
invoice-group-calling-card = Tarjeta telefónica
invoice-group-pinless = Marcación sin PIN
invoice-group-sip = Teléfono IP (SIP)
invoice-group-video = Vídeo

## Totales y estado de cuenta
invoice-subtotal = Base imponible
invoice-tax-total = Impuestos
invoice-total = Total
invoice-brought-forward = Saldo anterior
invoice-payments = Pagos y recargas recibidos
invoice-paid-from-balance = Pagado con su saldo prepago
invoice-amount-due = Importe a pagar

## Pie
invoice-voided = Anulada por la factura rectificativa { $number }.
invoice-pay-now = Pagar ahora: { $link }
invoice-paid = Pagada. Gracias.
invoice-footer = { $seller } — factura { $number }
invoice-appendix-title = Detalle de llamadas
invoice-appendix-continued = { $service } (continuación)
invoice-appendix-time = Hora (UTC)
invoice-appendix-number = Número llamado
invoice-appendix-duration = Duración
invoice-appendix-billed = Facturado
invoice-appendix-allowance = Franquicia
invoice-appendix-charge = Importe
invoice-appendix-total = { $calls }, { $total }
