import { DomainError } from '../../domain/errors.js';
import { quote } from '../../i18n/format.js';
import type { View } from '../../views/view.js';
import { arg, audit, networkOf, person, privateText, publicText, type Request } from '../request.js';

const MAX_ORG_NAME = 120;

function orgName(req: Request): string {
  const name = arg.text(req, 'org').trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > MAX_ORG_NAME) throw new DomainError('org.bad-name', { max: MAX_ORG_NAME });
  return name;
}

/** `org add "<name>"` */
export async function addOrg(req: Request): Promise<View> {
  const name = orgName(req);
  const result = await req.deps.orgs.add(networkOf(req).id, name, audit(req, 'org.add', { name }));
  if (!result.added) throw new DomainError('org.exists', { org: result.existing });
  return publicText(req.tr.r('org.added', { org: name }));
}

/** `org remove "<name>"` */
export async function removeOrg(req: Request): Promise<View> {
  const name = await canonical(req, orgName(req));
  const removed = await req.deps.orgs.remove(networkOf(req).id, name, audit(req, 'org.remove', { name }));
  if (!removed) throw new DomainError('org.unknown', { org: name });
  return publicText(req.tr.r('org.removed', { org: name }));
}

/** `org list`: every organisation with its members. */
export async function listOrgs(req: Request): Promise<View> {
  const orgs = await req.deps.orgs.list(networkOf(req).id);
  if (orgs.length === 0) return privateText([req.tr.t('org.none')]);
  return {
    private: true,
    blocks: [
      { type: 'heading', text: req.tr.t('org.list-heading', { count: orgs.length }) },
      {
        type: 'list',
        items: orgs.map((o) =>
          o.members.length === 0
            ? [o.name, ' — ', req.tr.t('org.no-members')]
            : [o.name, ' — ', ...o.members.flatMap((m, i) => (i === 0 ? [{ user: m }] : [', ', { user: m }]))],
        ),
      },
    ],
  };
}

async function canonical(req: Request, name: string): Promise<string> {
  return resolveOrg(req, networkOf(req).id, name);
}

/**
 * The stored name of the organisation a typed name means (`Jarvenpaan elakelaiset` for `Järvenpään
 * Eläkeläiset ry`); when none has that name, an error naming the ones it may have meant.
 */
export async function resolveOrg(req: Request, networkId: string, typed: string): Promise<string> {
  const found = await req.deps.orgs.find(networkId, typed);
  if ('name' in found) return found.name;
  if (found.suggestions.length === 0) throw new DomainError('org.unknown', { org: typed });
  throw new DomainError('org.did-you-mean', { org: typed, suggestions: found.suggestions.map((n) => quote(req.tr.lang, n)).join(', ') });
}

/** `org member add "<org>" @user` */
export async function addMember(req: Request): Promise<View> {
  const org = await canonical(req, orgName(req));
  const userId = arg.text(req, 'user');
  const added = await req.deps.orgs.addMember(networkOf(req).id, org, person(req, userId), audit(req, 'org.member.add', { org, userId }));
  const params = { org, user: { user: userId } };
  return added ? publicText(req.tr.r('org.member-added', params)) : privateText(req.tr.r('org.member-already', params));
}

/** `org member remove "<org>" @user` */
export async function removeMember(req: Request): Promise<View> {
  const org = await canonical(req, orgName(req));
  const userId = arg.text(req, 'user');
  const removed = await req.deps.orgs.removeMember(networkOf(req).id, org, person(req, userId), audit(req, 'org.member.remove', { org, userId }));
  const params = { org, user: { user: userId } };
  if (!removed) throw new DomainError('org.not-member', params);
  return publicText(req.tr.r('org.member-removed', params));
}

/** `org join "<org>"`: asks the coordinators, who approve or decline by button or command. */
export async function joinOrg(req: Request): Promise<View> {
  const org = await canonical(req, orgName(req));
  const request = await req.deps.orgs.requestJoin(networkOf(req).id, org, req.ctx.actor, audit(req, 'org.join', { org }));
  const id = `J${request.seq}`;
  return publicText(req.tr.r('org.join-requested', { user: { user: request.userId }, org, id }), {
    type: 'actions',
    buttons: [
      { label: req.tr.t('button.approve'), command: `org approve ${id}`, style: 'primary' },
      { label: req.tr.t('button.decline'), command: `org decline ${id}`, style: 'danger' },
    ],
  });
}

async function decide(req: Request, approve: boolean): Promise<View> {
  const seq = arg.num(req, 'request');
  const r = await req.deps.orgs.decideJoin(networkOf(req).id, seq, approve, audit(req, approve ? 'org.approve' : 'org.decline', { request: seq }));
  const params = { user: { user: r.userId }, org: r.orgName, id: `J${seq}`, by: { user: req.ctx.actor.userId } };
  return publicText(req.tr.r(approve ? 'org.join-approved' : 'org.join-declined', params));
}

/** `org approve J1` */
export const approveJoin = (req: Request) => decide(req, true);
/** `org decline J1` */
export const declineJoin = (req: Request) => decide(req, false);
