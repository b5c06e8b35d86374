import { useI18n } from '../i18n';
import type { Department as Name } from '../roles';

// First version: the department pages are reachable from the navigation; their lists come next (issue 16).
export function Department({ department }: { department: Name }) {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t[department]}</h1>
      <p className="muted">{t.comingSoon}</p>
    </section>
  );
}
