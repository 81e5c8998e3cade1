# Los correos que recibe el cliente. Cada cuerpo se compone de estos
# mensajes, con los párrafos separados por líneas en blanco; el saludo es
# `common-hello`.

## Palabras de varios correos
email-hello = Hola:
email-thank-you = Gracias.
email-your-provider = su proveedor

## Registro: el enlace de verificación, o la bienvenida de una cuenta abierta por el personal
email-verify-subject = Confirme su correo electrónico para { $seller }
email-verify-intro = Le damos la bienvenida a { $seller }. Confirme su dirección de correo electrónico para activar su cuenta:
email-verify-validity = { $days ->
    [one] El enlace es válido durante { $days } día. Si usted no se ha registrado, ignore este mensaje.
   *[other] El enlace es válido durante { $days } días. Si usted no se ha registrado, ignore este mensaje.
}
email-welcome-subject = Su cuenta en { $seller }
email-welcome-intro = { $seller } ha abierto una cuenta a su nombre. Inicie sesión con esta dirección de correo electrónico y la contraseña que le han facilitado:

## Restablecimiento de la contraseña
email-reset-subject = Restablezca su contraseña de { $seller }
email-reset-whose-customer = cuenta de { $seller }
email-reset-intro = Alguien (esperamos que usted) ha solicitado restablecer la contraseña de su { $whose }.
email-reset-choose = Elija una nueva contraseña aquí:
email-reset-validity = El enlace solo puede usarse una vez, durante { $minutes } minutos; después se cerrará la sesión en todos los dispositivos conectados con la contraseña anterior. Si no lo ha solicitado usted, ignore este mensaje: su contraseña no cambiará.

## La factura (con el PDF adjunto)
email-invoice-subject = Factura { $number } de { $seller }
email-invoice-attached = Le adjuntamos su factura { $number } de { $seller } correspondiente al periodo del { $start } al { $end }.
email-invoice-total = Importe total: { $amount }
email-invoice-due = Importe a pagar: { $amount }, a más tardar el { $date }
email-invoice-pay = Pagar ahora: { $link }

## Pagos
email-receipt-subject = Pago recibido: { $amount }
email-receipt-body = Hemos recibido su pago de { $amount } ({ $reference }).
email-failed-subject = No se ha podido cobrar su pago de { $amount }
email-failed-body = No hemos podido cargar { $amount } en su tarjeta ({ $what }): { $message }
email-failed-retry = Volveremos a intentarlo el { $date }.
email-failed-auto-top-up-off = La recarga automática se ha desactivado; vuelva a activarla cuando haya actualizado su tarjeta.
email-failed-pay-yourself = Realice el pago desde la página de su cuenta.
email-failed-reference = Referencia del pago: { $id }
email-what-invoice = pago con tarjeta de la factura { $invoice }
email-what-auto-charge = cargo automático en tarjeta de la factura { $invoice }
email-what-top-up = recarga con tarjeta
email-what-auto-top-up = recarga automática con tarjeta
email-what-manual-invoice = pago de la factura { $invoice }: { $reference }
email-what-payment = pago recibido: { $reference }

## Servicios suspendidos por una factura impagada
email-suspended-subject = Servicios suspendidos: la factura { $number } está pendiente de pago
email-suspended-body = La factura { $number } ({ $amount }) vencía el { $date } y sigue pendiente de pago, por lo que sus servicios se han suspendido. Páguela desde la página de su cuenta y se reanudarán de inmediato.

## Saldo bajo
email-low-balance-subject = Saldo bajo en su cuenta de { $seller }
email-low-balance-body = Su saldo es ahora de { $balance }, inferior al umbral de aviso de { $threshold } que usted indicó.
email-low-balance-top-up = Recargue su saldo para seguir llamando.
email-fraud-suspended-subject = Un servicio de su cuenta de { $seller } se detuvo por un gasto inusual
email-fraud-suspended-body = su servicio { $service } ha gastado { $spend } en la última hora, muy por encima de sus { $usual } habituales por hora, por lo que detuvimos sus llamadas para protegerle del fraude.
email-fraud-suspended-next = Si usted hizo estas llamadas, contáctenos y volveremos a activar el servicio. Si no, cambie sus contraseñas y las credenciales SIP de sus teléfonos.
