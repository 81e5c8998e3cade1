# Les e-mails que reçoit le client. Chaque corps est composé de ces
# messages, les paragraphes séparés par des lignes vides ; la formule
# d'appel est `common-hello`.

## Mots de plusieurs e-mails
email-hello = Bonjour,
email-thank-you = Merci.
email-your-provider = votre fournisseur

## Inscription : le lien de vérification, ou l'accueil d'un compte ouvert par le personnel
email-verify-subject = Confirmez votre adresse e-mail pour { $seller }
email-verify-intro = Bienvenue chez { $seller }. Confirmez votre adresse e-mail pour activer votre compte :
email-verify-validity = { $days ->
    [one] Le lien est valable { $days } jour. Si vous ne vous êtes pas inscrit, ignorez ce message.
   *[other] Le lien est valable { $days } jours. Si vous ne vous êtes pas inscrit, ignorez ce message.
}
email-welcome-subject = Votre compte chez { $seller }
email-welcome-intro = { $seller } vous a ouvert un compte. Connectez-vous avec cette adresse e-mail et le mot de passe qui vous a été communiqué :

## Réinitialisation du mot de passe
email-reset-subject = Réinitialisez votre mot de passe { $seller }
email-reset-whose-customer = compte { $seller }
email-reset-intro = Quelqu'un (vous, nous l'espérons) a demandé la réinitialisation du mot de passe de votre { $whose }.
email-reset-choose = Choisissez un nouveau mot de passe ici :
email-reset-validity = Le lien ne fonctionne qu'une fois, pendant { $minutes } minutes ; tous les appareils connectés avec l'ancien mot de passe seront ensuite déconnectés. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.

## La facture (son PDF en pièce jointe)
email-invoice-subject = Facture { $number } de { $seller }
email-invoice-attached = Veuillez trouver ci-joint votre facture { $number } de { $seller } pour la période du { $start } au { $end }.
email-invoice-total = Total : { $amount }
email-invoice-due = Montant dû : { $amount }, à régler au plus tard le { $date }
email-invoice-pay = Payer maintenant : { $link }

## Paiements
email-receipt-subject = Paiement reçu : { $amount }
email-receipt-body = Nous avons bien reçu votre paiement de { $amount } ({ $reference }).
email-failed-subject = Votre paiement de { $amount } a échoué
email-failed-body = Nous n'avons pas pu débiter votre carte de { $amount } ({ $what }) : { $message }
email-failed-retry = Nous réessaierons le { $date }.
email-failed-auto-top-up-off = La recharge automatique est désormais désactivée ; réactivez-la une fois votre carte mise à jour.
email-failed-pay-yourself = Veuillez régler depuis la page de votre compte.
email-failed-reference = Référence du paiement : { $id }
email-what-invoice = paiement par carte de la facture { $invoice }
email-what-auto-charge = prélèvement automatique par carte de la facture { $invoice }
email-what-top-up = recharge par carte
email-what-auto-top-up = recharge automatique par carte
email-what-manual-invoice = paiement de la facture { $invoice } : { $reference }
email-what-payment = paiement reçu : { $reference }

## Services suspendus pour une facture impayée
email-suspended-subject = Services suspendus : la facture { $number } est impayée
email-suspended-body = La facture { $number } ({ $amount }) était due le { $date } et reste impayée : vos services sont donc suspendus. Réglez-la depuis la page de votre compte et ils reprendront immédiatement.

## Solde faible
email-low-balance-subject = Solde faible sur votre compte { $seller }
email-low-balance-body = Votre solde est maintenant de { $balance }, en dessous du seuil d'alerte de { $threshold } que vous avez choisi.
email-low-balance-top-up = Rechargez votre compte pour continuer à appeler.
email-fraud-suspended-subject = Un service de votre compte { $seller } a été arrêté pour dépense inhabituelle
email-fraud-suspended-body = votre service { $service } a dépensé { $spend } au cours de la dernière heure, bien au-delà de ses { $usual } habituels par heure ; nous avons donc arrêté ses appels pour vous protéger de la fraude.
email-fraud-suspended-next = Si vous avez passé ces appels, contactez-nous et nous réactiverons le service. Sinon, changez vos mots de passe et les identifiants SIP de vos téléphones.
