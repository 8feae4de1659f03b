import { DomainError } from '../../domain/errors.js';
import type { View } from '../../views/view.js';
import { arg, audit, networkOf, person, privateText, publicText, type Request } from '../request.js';

/** `coordinator add @user` */
export async function addCoordinator(req: Request): Promise<View> {
  const userId = arg.text(req, 'user');
  const added = await req.deps.networks.addCoordinator(networkOf(req).id, person(req, userId), audit(req, 'coordinator.add', { userId }));
  const who = { user: { user: userId } };
  return added ? publicText(req.tr.r('coordinator.added', who)) : privateText(req.tr.r('coordinator.already', who));
}

/** `coordinator remove @user`; the last coordinator stays. */
export async function removeCoordinator(req: Request): Promise<View> {
  const userId = arg.text(req, 'user');
  const result = await req.deps.networks.removeCoordinator(networkOf(req).id, person(req, userId), audit(req, 'coordinator.remove', { userId }));
  const who = { user: { user: userId } };
  if (result === 'last') throw new DomainError('coordinator.last', who);
  return result === 'removed' ? publicText(req.tr.r('coordinator.removed', who)) : privateText(req.tr.r('coordinator.not-one', who));
}

/** `coordinator list` */
export async function listCoordinators(req: Request): Promise<View> {
  const ids = await req.deps.networks.coordinators(networkOf(req).id);
  return {
    private: true,
    blocks: [
      { type: 'heading', text: req.tr.t('coordinator.list-heading', { count: ids.length }) },
      { type: 'list', items: ids.map((id) => [{ user: id }]) },
    ],
  };
}
