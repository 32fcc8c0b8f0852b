import type { WebClient } from '@slack/web-api';
import { logger } from '../../chat/logger.ts';

const ADMIN_CACHE_MS = 5 * 60_000;

/**
 * Decides who counts as a lecturer in Slack: the configured user ids, and (when enabled)
 * workspace admins and owners as reported by users.info (scope users:read). Answers are cached
 * for five minutes so a class of students does not cost an API call per command.
 */
export class LecturerDirectory {
  private readonly adminCache = new Map<string, { isAdmin: boolean; checkedAtMs: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly lecturerUserIds: readonly string[],
    private readonly isAdminLecturer: boolean,
  ) {}

  /** True when `userId` may run lecturer-only commands. Never throws: an API failure means "no". */
  async isLecturer(userId: string): Promise<boolean> {
    if (this.lecturerUserIds.includes(userId)) return true;
    if (!this.isAdminLecturer) return false;
    const cached = this.adminCache.get(userId);
    if (cached && Date.now() - cached.checkedAtMs < ADMIN_CACHE_MS) return cached.isAdmin;
    let isAdmin = false;
    try {
      const info = await this.client.users.info({ user: userId });
      isAdmin = Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
    } catch (error) {
      logger.warn({ err: error, userId }, 'slack: users.info failed; treating the user as a student');
    }
    this.adminCache.set(userId, { isAdmin, checkedAtMs: Date.now() });
    return isAdmin;
  }
}
