import type { Form, View } from '../../views/view.js';
import { arg, type Request } from '../request.js';
import { ballotForm, vote as voteInElection } from './elections.js';
import { pollBallotForm, pollVote } from './polls.js';

/** `vote E1 …` votes in an election, `vote P1 …` in a poll. */
export function vote(req: Request): Promise<View> {
  const { prefix, seq } = arg.ref(req, 'ballot');
  switch (prefix) {
    case 'P':
      return pollVote(req, seq);
    default:
      return voteInElection(req, seq);
  }
}

/** The ballot form a Vote button opens. */
export function voteForm(req: Request): Promise<Form> {
  const { prefix, seq } = arg.ref(req, 'ballot');
  switch (prefix) {
    case 'P':
      return pollBallotForm(req, seq);
    default:
      return ballotForm(req, seq);
  }
}
