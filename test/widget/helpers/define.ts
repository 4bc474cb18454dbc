import { defineOnce } from '../../../widget/src/base/define-once.js';
import { PortailAccueil } from '../../../widget/src/components/accueil/portail-accueil.js';
import { PortailLogin } from '../../../widget/src/components/login/portail-login.js';

defineOnce('portail-login', PortailLogin);
defineOnce('portail-accueil', PortailAccueil);
