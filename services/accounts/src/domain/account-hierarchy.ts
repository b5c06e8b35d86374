/**
 * A group and its branches (集團與分支). Making `accountId` a branch of `parentId` must not close a loop: the
 * parent may not be the account itself or one of its own descendants.
 */
export function wouldCreateCycle(accountId: string, parentAncestry: string[]): boolean {
  return parentAncestry.includes(accountId);
}
