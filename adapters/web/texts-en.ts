import type { PageTexts } from './texts.js';

/** English page texts. */
export const en: PageTexts = {
  langName: 'In English',
  skipToContent: 'Skip to content',
  langNav: 'Language',
  siteNav: 'Site',
  homeLink: 'Neuvo',
  privacyLink: 'Privacy notice',
  sourceLink: 'Source code',
  openSource: 'Neuvo is open-source software (MIT licence).',
  home: {
    title: 'Neuvo: a chat bot for organisation networks',
    lead:
      'Neuvo helps the organisation networks of Finland’s 21 welfare areas and the City of Helsinki take part in the welfare and health promotion negotiations, in the Slack workspace or Discord server the network already uses.',
    forWhom: {
      heading: 'For whom',
      paragraphs: [
        'At least once a year, each welfare area negotiates with the municipalities, organisations and other actors of its area on the goals, measures, cooperation and follow-up of promoting welfare and health. Neuvo is for the organisation delegations and networks that take part: their coordinators and the people who represent the member organisations.',
      ],
    },
    does: {
      heading: 'What it does',
      paragraphs: [],
      items: [
        'Announces the negotiations: a card in the channel, reminders before and follow-ups after, and a calendar feed.',
        'Runs the election of representatives: nominations, one ballot per organisation, secret ballots with receipts, and STV counts that match real elections.',
        'Lets the network choose in topic polls which topics to raise under the four themes; the winners form its agenda.',
        'Keeps the roster of member organisations and coordinators, and sends reminders.',
        'Speaks Finnish, Swedish and English.',
      ],
    },
    addHeading: 'Add Neuvo to your network',
    addSlack: 'Add to Slack',
    addSlackHint: 'A workspace admin installs Neuvo. Then invite it to your channel and type `/neuvo setup area:<your welfare area>`.',
    addDiscord: 'Add to Discord',
    addDiscordHint:
      'A server admin opens the link and picks the server. Neuvo asks to view channels, send messages and embed links, and to create and manage events for the negotiations. Then type `/neuvo setup` in your channel.',
    noInstall: 'This Neuvo takes no new installations. You can run your own: the source code and its instructions are free to use.',
    privacyNote: 'What Neuvo stores about people, why, for how long and who sees it is in the privacy notice.',
  },
  privacy: {
    title: 'Privacy notice',
    lead: 'What Neuvo stores about people, why, for how long, and who sees what.',
    contact: 'This Neuvo service is run by its operator, who keeps the data. Contact:',
    noContact: 'This Neuvo service is run by its operator, who keeps the data; ask your network’s coordinators how to reach them.',
    sections: [
      {
        heading: 'What Neuvo stores',
        paragraphs: [],
        items: [
          'Identifiers from Slack or Discord: those of the workspace or server, of channels and of people. Not names, email addresses or pictures: Neuvo asks the platform for a name when it shows one.',
          'Roles: who coordinates a network, who represents which organisation, and requests to join.',
          'What people give Neuvo: organisation names; reminders (the text, who set it, for whom and when); negotiations; elections, nominations and candidates; poll questions and topics, with who suggested them.',
          'Votes, as described below, and each vote request’s identifier for one day, so that a repeated or double-clicked vote counts once.',
          'A log of changes: who changed what in the network, and when.',
          'For each Slack workspace where Neuvo is installed: the installation, that is the workspace’s identifiers, who installed it and the bot’s access tokens, encrypted.',
        ],
      },
      {
        heading: 'Why',
        paragraphs: [
          'To do the network’s work in the chat: roles decide who may do what, reminders and announcements reach the right people, and elections and polls are counted correctly and once. Nothing is used for advertising or profiling, or sold.',
          'These pages use no scripts and no cookies, except a short-lived cookie that secures a Slack installation in progress.',
        ],
      },
      {
        heading: 'Votes and ballot secrecy',
        paragraphs: [],
        items: [
          'Secret election (the default): Neuvo stores that your organisation (or you) voted and who cast the ballot, but not how. While voting runs, the ballot is stored sealed (encrypted with the service’s secret key, `NEUVO_SECRET`) with no voter, identifier or time. At close the ballots are opened and published in the order of their receipt codes, with no voters. Your receipt code lets you find your ballot in the result.',
          'Open election: the ballot is stored with its voter until the network is deleted.',
          'Named poll: who picked which topics is stored, and anyone in the channel can see it in the results and the export.',
          'Anonymous poll: Neuvo stores that you voted; your picks are sealed like secret ballots, counted at close and then deleted, so only the totals remain.',
          'Who has voted is not secret: anyone in the channel can see which organisations have voted, and the card shows the turnout as it changes.',
          'Whoever holds both the secret key and a copy of the database from before the close could link sealed ballots to voters. The operator keeps the key apart from the database and its backups.',
        ],
      },
      {
        heading: 'Who sees what',
        paragraphs: [],
        items: [
          'Everyone in the network’s channel: the organisations and coordinators, announcements, cards, turnout and results.',
          'Coordinators also see all pending reminders and join requests, and which organisations have not voted yet.',
          'You alone see Neuvo’s private answers to you, such as your reminders and your receipt code.',
          'The operator can read the database and the logs. The logs hold no ballots, poll picks or receipt codes.',
          'Slack or Discord sees everything said in the chat, under its own privacy policy.',
        ],
      },
      {
        heading: 'How long',
        paragraphs: [],
        items: [
          'A network’s data is kept until a coordinator deletes the network with `/neuvo network delete`, which deletes all of it.',
          'Vote request identifiers are kept for one day; sealed ballots and picks until the vote closes.',
          'When Neuvo is removed from a Slack workspace, its access tokens there are deleted at once; when it is removed from a Discord server, it posts nothing there again. Either way the networks’ data stays until a coordinator deletes it.',
        ],
      },
      {
        heading: 'Your choices',
        paragraphs: [
          '`/neuvo privacy` shows what Neuvo holds about you in the network and gives it to you as a JSON file. `/neuvo privacy forget` removes you from the network’s organisations and coordinators and deletes your named poll votes and your reminders. Ballots that are already anonymous stay, since nothing links them to you.',
        ],
      },
    ],
  },
  installed: {
    title: 'Neuvo is installed',
    inTeam: (team) => `Neuvo is now installed in ${team}.`,
    generic: 'Neuvo is now installed in your workspace.',
    next: {
      heading: 'Next',
      paragraphs: [],
      items: [
        'Invite Neuvo to your network’s channel: `/invite @Neuvo` (public channels work without an invitation).',
        'Bind the channel to your network: `/neuvo setup area:<your welfare area>`. Whoever runs it first becomes the network’s coordinator.',
        'See every command: `/neuvo help`.',
      ],
    },
  },
  installError: {
    title: 'Neuvo was not installed',
    reasons: {
      cancelled: 'The installation was cancelled, so nothing changed in your workspace.',
      state: 'The installation link had expired or was not this browser’s, so it was stopped for your safety. Start again from the link below.',
      failed: 'Slack did not complete the installation. Please try again in a moment.',
    },
    tryAgain: 'Try again',
  },
};
