import type { PageTexts } from './texts.js';

/** Finnish page texts. */
export const fi: PageTexts = {
  langName: 'Suomeksi',
  skipToContent: 'Siirry sisältöön',
  langNav: 'Kieli',
  siteNav: 'Sivusto',
  homeLink: 'Neuvo',
  privacyLink: 'Tietosuojaseloste',
  sourceLink: 'Lähdekoodi',
  openSource: 'Neuvo on avointa lähdekoodia (MIT-lisenssi).',
  home: {
    title: 'Neuvo – keskustelubotti järjestöverkostoille',
    lead:
      'Neuvo auttaa Suomen 21 hyvinvointialueen ja Helsingin kaupungin järjestöverkostoja osallistumaan hyvinvoinnin ja terveyden edistämisen neuvotteluihin siinä Slack-työtilassa tai Discord-palvelimessa, jota verkosto jo käyttää.',
    forWhom: {
      heading: 'Kenelle',
      paragraphs: [
        'Jokainen hyvinvointialue neuvottelee vähintään kerran vuodessa alueensa kuntien, järjestöjen ja muiden toimijoiden kanssa hyvinvoinnin ja terveyden edistämisen tavoitteista, toimenpiteistä, yhteistyöstä ja seurannasta. Neuvo on tehty neuvotteluihin osallistuville järjestöneuvottelukunnille ja järjestöverkostoille: niiden koordinaattoreille ja jäsenjärjestöjen edustajille.',
      ],
    },
    does: {
      heading: 'Mitä Neuvo tekee',
      paragraphs: [],
      items: [
        'Ilmoittaa neuvotteluista: kortti kanavalle, muistutukset ennen ja seurantaviestit jälkeen sekä kalenterisyöte.',
        'Hoitaa edustajien valinnan: ehdokasasettelu, yksi ääni järjestöä kohden, salainen äänestys kuittikoodein ja STV-laskenta, joka vastaa todellisia vaaleja.',
        'Antaa verkoston valita aihekyselyillä, mitä aiheita se nostaa esiin neljän teeman alla; eniten ääniä saaneista tulee sen asialista.',
        'Pitää kirjaa jäsenjärjestöistä ja koordinaattoreista ja lähettää muistutukset.',
        'Puhuu suomea, ruotsia ja englantia.',
      ],
    },
    addHeading: 'Ota Neuvo käyttöön verkostossasi',
    addSlack: 'Lisää Slackiin',
    addSlackHint: 'Työtilan ylläpitäjä asentaa Neuvon. Kutsu se sitten kanavallenne ja kirjoita `/neuvo setup area:<hyvinvointialueenne>`.',
    addDiscord: 'Lisää Discordiin',
    addDiscordHint:
      'Palvelimen ylläpitäjä avaa linkin ja valitsee palvelimen. Neuvo pyytää oikeudet nähdä kanavat, lähettää viestejä ja upottaa linkkejä sekä luoda ja hallita tapahtumia neuvotteluja varten. Kirjoita sitten kanavallanne `/neuvo setup`.',
    noInstall: 'Tähän Neuvoon ei oteta uusia asennuksia. Voitte ajaa omaanne: lähdekoodi ohjeineen on vapaasti käytettävissä.',
    privacyNote: 'Mitä Neuvo tallentaa ihmisistä, miksi, kuinka pitkään ja kuka näkee mitäkin, kerrotaan tietosuojaselosteessa.',
  },
  privacy: {
    title: 'Tietosuojaseloste',
    lead: 'Mitä Neuvo tallentaa ihmisistä, miksi, kuinka pitkään ja kuka näkee mitäkin.',
    contact: 'Tätä Neuvo-palvelua ylläpitää palvelun ylläpitäjä, joka säilyttää tiedot. Yhteystieto:',
    noContact: 'Tätä Neuvo-palvelua ylläpitää palvelun ylläpitäjä, joka säilyttää tiedot; kysy verkostonne koordinaattoreilta, miten ylläpitäjän tavoittaa.',
    sections: [
      {
        heading: 'Mitä Neuvo tallentaa',
        paragraphs: [],
        items: [
          'Slackin tai Discordin tunnisteet: työtilan tai palvelimen, kanavien ja ihmisten tunnisteet. Ei nimiä, sähköpostiosoitteita eikä kuvia: kun Neuvo näyttää nimen, se kysyy sen alustalta.',
          'Roolit: kuka koordinoi verkostoa, kuka edustaa mitäkin järjestöä ja liittymispyynnöt.',
          'Mitä ihmiset antavat Neuvolle: järjestöjen nimet, muistutukset (teksti, kuka sen asetti, kenelle ja milloin), neuvottelut, vaalit, asettamiset ja ehdokkaat sekä kyselyjen kysymykset ja aiheet ja kuka ne ehdotti.',
          'Äänet alla kerrotulla tavalla sekä jokaisen äänestyspyynnön tunnisteen vuorokauden ajan, jotta toistettu tai kahdesti napsautettu ääni lasketaan vain kerran.',
          'Muutosloki: kuka muutti verkostossa mitä ja milloin.',
          'Jokaisesta Slack-työtilasta, johon Neuvo on asennettu, asennuksen tiedot: työtilan tunnisteet, asentajan tunniste ja botin käyttöoikeustunnukset salattuina.',
        ],
      },
      {
        heading: 'Miksi',
        paragraphs: [
          'Jotta verkoston työ sujuu keskustelussa: roolit ratkaisevat, kuka saa tehdä mitä, muistutukset ja ilmoitukset tavoittavat oikeat ihmiset, ja vaalit ja kyselyt lasketaan oikein ja kerran. Tietoja ei käytetä mainontaan eikä profilointiin, eikä niitä myydä.',
          'Nämä sivut eivät käytä skriptejä eivätkä evästeitä, paitsi lyhytikäistä evästettä, joka suojaa keskeneräistä Slack-asennusta.',
        ],
      },
      {
        heading: 'Äänet ja vaalisalaisuus',
        paragraphs: [],
        items: [
          'Salainen vaali (oletus): Neuvo tallentaa, että järjestösi (tai sinä) äänesti ja kuka äänen antoi, mutta ei sitä, miten. Äänestyksen aikana äänestyslippu säilytetään sinetöitynä (salattuna palvelun salaisella avaimella `NEUVO_SECRET`) ilman äänestäjää, tunnistetta ja aikaa. Äänestyksen päättyessä liput avataan ja julkaistaan kuittikoodien järjestyksessä ilman äänestäjiä. Kuittikoodisi avulla löydät oman lippusi tuloksesta.',
          'Avoin vaali: äänestyslippu tallennetaan äänestäjän kanssa, kunnes verkosto poistetaan.',
          'Nimellinen kysely: tallennetaan, kuka valitsi mitkäkin aiheet, ja jokainen kanavalla voi nähdä sen tuloksista ja viennistä.',
          'Nimetön kysely: Neuvo tallentaa, että äänestit; valintasi sinetöidään kuten salaiset äänestysliput, lasketaan kyselyn päättyessä ja poistetaan, joten vain summat jäävät.',
          'Se, kuka on äänestänyt, ei ole salaista: jokainen kanavalla voi nähdä, mitkä järjestöt ovat äänestäneet, ja kortti näyttää äänestysaktiivisuuden sitä mukaa kuin se muuttuu.',
          'Joka saa sekä salaisen avaimen että kopion tietokannasta ennen äänestyksen päättymistä, voisi yhdistää sinetöidyt liput äänestäjiin. Ylläpitäjä säilyttää avaimen erillään tietokannasta ja sen varmuuskopioista.',
        ],
      },
      {
        heading: 'Kuka näkee mitä',
        paragraphs: [],
        items: [
          'Kaikki verkoston kanavalla: järjestöt ja koordinaattorit, ilmoitukset, kortit, äänestysaktiivisuuden ja tulokset.',
          'Koordinaattorit näkevät lisäksi kaikki odottavat muistutukset ja liittymispyynnöt sekä sen, mitkä järjestöt eivät ole vielä äänestäneet.',
          'Vain sinä näet Neuvon yksityiset vastaukset sinulle, kuten muistutuksesi ja kuittikoodisi.',
          'Ylläpitäjä voi lukea tietokantaa ja lokeja. Lokeissa ei ole äänestyslippuja, kyselyjen valintoja eikä kuittikoodeja.',
          'Slack tai Discord näkee kaiken keskustelussa sanotun oman tietosuojakäytäntönsä mukaisesti.',
        ],
      },
      {
        heading: 'Kuinka pitkään',
        paragraphs: [],
        items: [
          'Verkoston tiedot säilytetään, kunnes koordinaattori poistaa verkoston komennolla `/neuvo network delete`, joka poistaa ne kaikki.',
          'Äänestyspyyntöjen tunnisteet säilytetään vuorokauden, sinetöidyt liput ja valinnat äänestyksen päättymiseen asti.',
          'Kun Neuvo poistetaan Slack-työtilasta, sen käyttöoikeustunnukset siihen poistetaan heti; kun se poistetaan Discord-palvelimelta, se ei enää lähetä sinne mitään. Kummassakin tapauksessa verkostojen tiedot säilyvät, kunnes koordinaattori poistaa ne.',
        ],
      },
      {
        heading: 'Mitä voit itse tehdä',
        paragraphs: [
          '`/neuvo privacy` näyttää, mitä Neuvolla on sinusta tässä verkostossa, ja antaa sen JSON-tiedostona. `/neuvo privacy forget` poistaa sinut verkoston järjestöistä ja koordinaattoreista sekä poistaa nimelliset kyselyäänesi ja muistutuksesi. Jo nimettömiksi muuttuneet äänestysliput jäävät, koska mikään ei yhdistä niitä sinuun.',
        ],
      },
    ],
  },
  installed: {
    title: 'Neuvo on asennettu',
    inTeam: (team) => `Neuvo on nyt asennettu työtilaan ${team}.`,
    generic: 'Neuvo on nyt asennettu työtilaanne.',
    next: {
      heading: 'Seuraavaksi',
      paragraphs: [],
      items: [
        'Kutsu Neuvo verkostonne kanavalle: `/invite @Neuvo` (julkisilla kanavilla kutsua ei tarvita).',
        'Liitä kanava verkostoonne: `/neuvo setup area:<hyvinvointialueenne>`. Komennon ensimmäisenä antaneesta tulee verkoston koordinaattori.',
        'Kaikki komennot: `/neuvo help`.',
      ],
    },
  },
  installError: {
    title: 'Neuvoa ei asennettu',
    reasons: {
      cancelled: 'Asennus peruttiin, joten työtilassanne ei muuttunut mitään.',
      state: 'Asennuslinkki oli vanhentunut tai avattu toisessa selaimessa, joten asennus keskeytettiin turvallisuussyistä. Aloita alusta alla olevasta linkistä.',
      failed: 'Slack ei saanut asennusta valmiiksi. Yritä hetken kuluttua uudelleen.',
    },
    tryAgain: 'Yritä uudelleen',
  },
};
