# Palabras comunes del portal, la cuenta, los correos y las facturas.
common-sign-in = Iniciar sesión
common-sign-out = Cerrar sesión
common-hello = Hola { $name }:
common-language = Idioma
common-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
common-calls = { $count ->
    [one] { $count } llamada
   *[other] { $count } llamadas
}
common-save = Guardar
common-cancel = Cancelar
common-loading = Cargando…
common-email = Correo electrónico
common-password = Contraseña
common-name = Nombre
common-copy = Copiar
common-copy-by-hand = Selecciónelo y cópielo
common-copied = Copiado
common-service-sip = Teléfono IP
common-service-video = Vídeo
common-service-card = Tarjeta telefónica
common-service-pinless = Marcación sin PIN
