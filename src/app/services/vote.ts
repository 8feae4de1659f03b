import type { Form, View } from '../../views/view.js';
import { arg, type Request } from '../request.js';
import { ballotForm, vote as voteInElection } from './elections.js';

/** `vote E1 …` votes in an election, `vote P1 …` in a poll. */
export function vote(req: Request): Promise<View> {
  const { prefix, seq } = arg.ref(req, 'ballot');
  switch (prefix) {
    default:
      return voteInElection(req, seq);
  }
}

/** The ballot form a Vote button opens. */
export function voteForm(req: Request): Promise<Form> {
  const { prefix, seq } = arg.ref(req, 'ballot');
  switch (prefix) {
    default:
      return ballotForm(req, seq);
  }
}
