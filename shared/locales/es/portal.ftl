# El portal público del vendedor: inicio, consulta de tarifas, alta, acceso,
# confirmación del correo, restablecimiento de la contraseña, y la cabecera
# y el pie del sitio.

## Cabecera y pie
portal-skip-to-content = Saltar al contenido
portal-my-account = Mi cuenta
portal-console = Consola
portal-log-out = Cerrar sesión
portal-admin-sign-in = Acceso de administración
portal-logo-alt = Logotipo de { $name }
portal-footer = Facturación gestionada por Ringledger
portal-unavailable = Ringledger no está disponible

## Palabras de varias páginas
portal-sign-up = Darse de alta
portal-sign-in-to-account = Acceder a su cuenta
portal-email = Correo electrónico
portal-phone-number = Número de teléfono
portal-remove = Quitar
portal-service-sip = Teléfono IP (SIP)
portal-bundle = Paquete
portal-per-month = { $amount } al mes
portal-loading-offers = Cargando la oferta…

## Inicio
portal-home-lead = Bienvenido al portal de { $name }: llamadas, números y servicios en una sola factura.
portal-customer-sign-in = Acceso de clientes
portal-staff-sign-in = Acceso del personal
portal-home-help = ¿Necesita ayuda? Escriba a
portal-nothing-on-sale = Todavía no hay nada a la venta.
portal-offers-heading = Lo que ofrecemos
portal-plan-from-rate = { $plan }, desde { $rate } por minuto
portal-bundle-aria = Paquete { $name }
portal-bundle-minutes = { $count ->
    [one] { $count } minuto al mes para llamar a { $group }
   *[other] { $count } minutos al mes para llamar a { $group }
}
portal-bundle-minutes-for = { $count ->
    [one] { $count } minuto al mes para llamar a { $group } ({ $services })
   *[other] { $count } minutos al mes para llamar a { $group } ({ $services })
}

## Consulta de tarifas
portal-rates-heading = ¿Cuánto cuesta una llamada?
portal-rates-check = Consultar el precio
portal-rates-enter-number = Introduzca un número de teléfono.
portal-rates-none = Todavía no hay ninguna oferta con precio.
portal-rates-no-rate = No hay tarifa para este número
portal-rates-caption = Precios para el { $number }
portal-rates-offer = Oferta
portal-rates-destination = Destino
portal-rates-per-minute = Precio por minuto
portal-rates-connect-fee = Establecimiento de llamada
portal-rates-increments = Tramos de facturación
portal-increments-title = Se facturan los primeros { $first } segundos y después por tramos de { $next } segundos

## Alta
portal-signup-lead = Elija sus servicios y después cree su cuenta: un solo saldo y una sola factura para todos ellos.
portal-signup-nothing-on-sale = Todavía no hay nada a la venta. Vuelva más tarde.
portal-signup-your-services = Sus servicios
portal-signup-add-service = Añadir otro servicio
portal-signup-creating = Creando su cuenta…
portal-signup-create = Crear mi cuenta
portal-signup-already = ¿Ya es cliente?
portal-signup-about-you = Sus datos
portal-signup-your-name = Su nombre
portal-signup-password-hint = Al menos 8 caracteres.
portal-signup-no-bundle = Sin paquete
portal-signup-bundle-option = { $name } — { $amount } al mes
portal-signup-bundle-label = Paquete (opcional)
portal-signup-bundle-hint = Un paquete incluye servicios y minutos por una única cuota mensual.
portal-signup-choose-service = Elija al menos un servicio o un paquete.
portal-signup-plan-required = Elija un plan para este servicio.
portal-signup-enter-ani = Introduzca el número desde el que llamará, p. ej. +44 20 7946 0000.
portal-signup-included = Incluido en el paquete
portal-signup-choose-plan = Elija un plan
portal-signup-service-n = Servicio { $number }
portal-signup-service = Servicio
portal-signup-plan = Plan
portal-signup-anis-hint = Los números desde los que llamará, en formato internacional. Las llamadas desde ellos no necesitan PIN.
portal-signup-add-number = Añadir otro número
portal-signup-remove-service-n = Quitar el servicio { $number }
portal-signup-remove-service = Quitar este servicio
portal-signup-remove-number-n = Quitar el número de teléfono { $number }
portal-signup-price = Pagará { $amount } al mes.
portal-signup-price-calls = Pagará { $amount } al mes, más sus llamadas.
portal-signup-price-once = Y { $amount } una sola vez, por el alta de su número.
portal-signup-welcome = Le damos la bienvenida, { $name }
portal-signup-check-email = Revise su correo para confirmar su dirección.
portal-signup-link-sent = Hemos enviado un enlace a { $email }. Confírmela y después acceda a su cuenta.
portal-signup-credentials = Sus credenciales:
portal-signup-credentials-shown = se muestran aquí; puede volver a consultarlas en cualquier momento en su cuenta.

## Confirmación del correo
portal-verify-heading = Confirme su correo electrónico
portal-verify-confirming = Confirmando su dirección…
portal-verify-done = Su dirección de correo electrónico está confirmada. ¡Gracias!
portal-verify-no-token = Este enlace no contiene ningún código. Vuelva a abrir el enlace del correo.
portal-verify-expired = Es posible que el enlace haya caducado o que ya se haya utilizado.
portal-verify-if-confirmed = si su dirección ya está confirmada.
portal-verify-open-console = Abrir la consola

## Acceso de clientes
portal-login-confirm-first = Primero confirme su dirección de correo electrónico: abra el enlace que le hemos enviado.
portal-login-suspended = Esta cuenta está suspendida o cerrada. Póngase en contacto con el servicio de asistencia.
portal-login-new-here = ¿Aún no tiene cuenta?
portal-login-forgot-password = ¿Ha olvidado su contraseña?

## Restablecimiento de la contraseña
portal-reset-heading = Restablecer la contraseña
portal-reset-sent = Si esa dirección da acceso a este sitio, le hemos enviado un enlace para elegir una nueva contraseña. El enlace solo sirve una vez y durante una hora.
portal-reset-send = Enviarme un enlace por correo
portal-reset-back = Volver al acceso
portal-reset-choose = Elija una nueva contraseña
portal-reset-done = Su contraseña se ha cambiado. Se ha cerrado la sesión en todos los dispositivos que usaban la anterior.
portal-reset-new-password = Nueva contraseña
portal-reset-save = Guardar la nueva contraseña

## Phone numbers (IP phones and video)
portal-numbers-country = País
portal-numbers-digits = Cifras
portal-numbers-find = Buscar números
portal-numbers-finding = Buscando números…
portal-numbers-country-invalid = debe ser un código de dos letras, como ES
portal-numbers-none = Ningún número libre coincide; pruebe otro país o menos cifras.
portal-numbers-fees = { $setup } de alta, { $monthly } al mes
portal-numbers-taken = Ese número acaba de ser tomado; elija otro.
portal-numbers-choose = Elegir
portal-numbers-choose-n = Elegir { $number }
portal-numbers-signup-hint = Opcional: un número de teléfono propio que suena en este teléfono. Búsquelo por país (ES, FR) y cifras que contiene.
portal-numbers-held = { $number } reservado para usted durante { $minutes } minutos
portal-numbers-remove-n = Quitar { $number }
