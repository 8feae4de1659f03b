import type { PageTexts } from './texts.js';

/** Swedish page texts. */
export const sv: PageTexts = {
  langName: 'På svenska',
  skipToContent: 'Hoppa till innehållet',
  langNav: 'Språk',
  siteNav: 'Webbplats',
  homeLink: 'Neuvo',
  privacyLink: 'Dataskyddsbeskrivning',
  sourceLink: 'Källkod',
  openSource: 'Neuvo är öppen källkod (MIT-licens).',
  home: {
    title: 'Neuvo – en chattbot för organisationernas nätverk',
    lead:
      'Neuvo hjälper organisationernas nätverk i Finlands 21 välfärdsområden och Helsingfors stad att delta i förhandlingarna om främjande av välfärd och hälsa, i den Slack-arbetsyta eller Discord-server som nätverket redan använder.',
    forWhom: {
      heading: 'För vem',
      paragraphs: [
        'Varje välfärdsområde förhandlar minst en gång om året med kommunerna, organisationerna och andra aktörer i området om målen, åtgärderna, samarbetet och uppföljningen av främjandet av välfärd och hälsa. Neuvo är gjort för de organisationsdelegationer och nätverk som deltar: deras koordinatorer och dem som representerar medlemsorganisationerna.',
      ],
    },
    does: {
      heading: 'Vad Neuvo gör',
      paragraphs: [],
      items: [
        'Meddelar om förhandlingarna: ett kort i kanalen, påminnelser före och uppföljningar efter, och ett kalenderflöde.',
        'Sköter valet av representanter: nomineringar, en röst per organisation, hemlig omröstning med kvittokoder och STV-räkning som stämmer med verkliga val.',
        'Låter nätverket välja i ämnesomröstningar vilka ämnen det lyfter fram under de fyra temana; de som får flest röster blir dess dagordning.',
        'Håller reda på medlemsorganisationerna och koordinatorerna och skickar påminnelser.',
        'Talar finska, svenska och engelska.',
      ],
    },
    addHeading: 'Ta Neuvo i bruk i ert nätverk',
    addSlack: 'Lägg till i Slack',
    addSlackHint: 'En administratör för arbetsytan installerar Neuvo. Bjud sedan in den till er kanal och skriv `/neuvo setup area:<ert välfärdsområde>`.',
    addDiscord: 'Lägg till i Discord',
    addDiscordHint:
      'En administratör för servern öppnar länken och väljer servern. Neuvo ber om rätt att se kanaler, skicka meddelanden och bädda in länkar samt att skapa och hantera evenemang för förhandlingarna. Skriv sedan `/neuvo setup` i er kanal.',
    noInstall: 'Den här Neuvo tar inte emot nya installationer. Ni kan köra en egen: källkoden och anvisningarna är fria att använda.',
    privacyNote: 'Vad Neuvo sparar om personer, varför, hur länge och vem som ser vad står i dataskyddsbeskrivningen.',
  },
  privacy: {
    title: 'Dataskyddsbeskrivning',
    lead: 'Vad Neuvo sparar om personer, varför, hur länge och vem som ser vad.',
    contact: 'Den här Neuvo-tjänsten drivs av tjänstens administratör, som förvarar uppgifterna. Kontakt:',
    noContact: 'Den här Neuvo-tjänsten drivs av tjänstens administratör, som förvarar uppgifterna; fråga ert nätverks koordinatorer hur ni når administratören.',
    sections: [
      {
        heading: 'Vad Neuvo sparar',
        paragraphs: [],
        items: [
          'Identifierare från Slack eller Discord: arbetsytans eller serverns, kanalernas och personernas. Inga namn, e-postadresser eller bilder: när Neuvo visar ett namn frågar den plattformen efter det.',
          'Roller: vem som koordinerar ett nätverk, vem som representerar vilken organisation och ansökningar om att gå med.',
          'Det som personer ger Neuvo: organisationernas namn, påminnelser (texten, vem som satte den, för vem och när), förhandlingar, val, nomineringar och kandidater samt omröstningarnas frågor och ämnen och vem som föreslog dem.',
          'Röster på det sätt som beskrivs nedan, och varje röstbegärans identifierare i ett dygn, så att en upprepad eller dubbelklickad röst räknas en gång.',
          'En ändringslogg: vem som ändrade vad i nätverket och när.',
          'För varje Slack-arbetsyta där Neuvo är installerad: installationen, det vill säga arbetsytans identifierare, vem som installerade den och botens åtkomsttoken, krypterade.',
        ],
      },
      {
        heading: 'Varför',
        paragraphs: [
          'För att nätverkets arbete ska löpa i chatten: rollerna avgör vem som får göra vad, påminnelser och meddelanden når rätt personer, och val och omröstningar räknas rätt och en gång. Ingenting används för reklam eller profilering, och ingenting säljs.',
          'De här sidorna använder inga skript och inga kakor, utom en kortlivad kaka som skyddar en pågående Slack-installation.',
        ],
      },
      {
        heading: 'Röster och valhemlighet',
        paragraphs: [],
        items: [
          'Hemligt val (standard): Neuvo sparar att din organisation (eller du) har röstat och vem som avgav rösten, men inte hur. Medan omröstningen pågår förvaras valsedeln förseglad (krypterad med tjänstens hemliga nyckel, `NEUVO_SECRET`) utan väljare, identifierare eller tid. När omröstningen avslutas öppnas valsedlarna och publiceras i kvittokodernas ordning, utan väljare. Med din kvittokod hittar du din valsedel i resultatet.',
          'Öppet val: valsedeln sparas med väljaren tills nätverket raderas.',
          'Omröstning med namn: vem som valde vilka ämnen sparas, och alla i kanalen kan se det i resultatet och i exporten.',
          'Anonym omröstning: Neuvo sparar att du har röstat; dina val förseglas som hemliga valsedlar, räknas när omröstningen avslutas och raderas sedan, så att bara summorna blir kvar.',
          'Vem som har röstat är inte hemligt: alla i kanalen kan se vilka organisationer som har röstat, och kortet visar valdeltagandet allteftersom det ändras.',
          'Den som har både den hemliga nyckeln och en kopia av databasen från före avslutningen skulle kunna koppla förseglade valsedlar till väljare. Administratören förvarar nyckeln åtskild från databasen och dess säkerhetskopior.',
        ],
      },
      {
        heading: 'Vem ser vad',
        paragraphs: [],
        items: [
          'Alla i nätverkets kanal: organisationerna och koordinatorerna, meddelanden, kort, valdeltagande och resultat.',
          'Koordinatorerna ser dessutom alla väntande påminnelser och ansökningar och vilka organisationer som ännu inte har röstat.',
          'Bara du ser Neuvos privata svar till dig, till exempel dina påminnelser och din kvittokod.',
          'Administratören kan läsa databasen och loggarna. Loggarna innehåller inga valsedlar, omröstningsval eller kvittokoder.',
          'Slack eller Discord ser allt som sägs i chatten, enligt sin egen integritetspolicy.',
        ],
      },
      {
        heading: 'Hur länge',
        paragraphs: [],
        items: [
          'Ett nätverks uppgifter sparas tills en koordinator raderar nätverket med `/neuvo network delete`, som raderar alla.',
          'Röstbegärans identifierare sparas i ett dygn, förseglade valsedlar och val tills omröstningen avslutas.',
          'När Neuvo tas bort från en Slack-arbetsyta raderas dess åtkomsttoken där genast; när den tas bort från en Discord-server skickar den inte längre något dit. I båda fallen finns nätverkens uppgifter kvar tills en koordinator raderar dem.',
        ],
      },
      {
        heading: 'Vad du själv kan göra',
        paragraphs: [
          '`/neuvo privacy` visar vad Neuvo har om dig i nätverket och ger det som en JSON-fil. `/neuvo privacy forget` tar bort dig från nätverkets organisationer och koordinatorer och raderar dina röster i omröstningar med namn och dina påminnelser. Valsedlar som redan är anonyma blir kvar, eftersom ingenting kopplar dem till dig.',
        ],
      },
    ],
  },
  installed: {
    title: 'Neuvo är installerad',
    inTeam: (team) => `Neuvo är nu installerad i ${team}.`,
    generic: 'Neuvo är nu installerad i er arbetsyta.',
    next: {
      heading: 'Sedan',
      paragraphs: [],
      items: [
        'Bjud in Neuvo till ert nätverks kanal: `/invite @Neuvo` (i offentliga kanaler behövs ingen inbjudan).',
        'Koppla kanalen till ert nätverk: `/neuvo setup area:<ert välfärdsområde>`. Den som kör kommandot först blir nätverkets koordinator.',
        'Alla kommandon: `/neuvo help`.',
      ],
    },
  },
  installError: {
    title: 'Neuvo installerades inte',
    reasons: {
      cancelled: 'Installationen avbröts, så ingenting ändrades i er arbetsyta.',
      state: 'Installationslänken hade gått ut eller öppnats i en annan webbläsare, så installationen stoppades av säkerhetsskäl. Börja om från länken nedan.',
      failed: 'Slack slutförde inte installationen. Försök igen om en stund.',
    },
    tryAgain: 'Försök igen',
  },
};
