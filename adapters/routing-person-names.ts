import type { PersonNames, Platform, Space } from '../src/app/ports.js';

/**
 * Asks each platform's directory for people's names; adapters register theirs at start. Where none is
 * registered (the console, whose user ids are names) or the lookup fails, the answer is empty and the
 * caller shows ids: a document is never refused for want of a name.
 */
export class RoutingPersonNames implements PersonNames {
  private readonly byPlatform = new Map<Platform, PersonNames>();

  register(platform: Platform, names: PersonNames): void {
    this.byPlatform.set(platform, names);
  }

  async names(workspace: Pick<Space, 'platform' | 'workspaceId'>, userIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    try {
      return (await this.byPlatform.get(workspace.platform)?.names(workspace, userIds)) ?? new Map();
    } catch {
      return new Map();
    }
  }
}
