// In the facilitator console: the projector's own read-only link (docs/protocol.md, "The projector").
import { useState } from 'preact/hooks';
import { Alert, Button, CopyButton } from './common';
import { useRoom } from './roomContext';

/**
 * Makes the projector's own link (read-only; a new one closes projectors on the previous one) and shows it
 * to open on the beamer. The token is only in this page's memory: after a reload, make a new link.
 */
export function ProjectorLink() {
  const { room, session, t } = useRoom();
  const [link, setLink] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const ack = await session.command({ type: 'new-projector-link' });
      if (!ack.projectorToken) throw new Error('no token');
      setLink(`${window.location.origin}/p/${encodeURIComponent(room.roomId)}#${ack.projectorToken}`);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="wp-share__projector">
      <p class="utrecht-paragraph wp-muted">{t('share.projectorHelp')}</p>
      {link && (
        <p class="wp-share__link">
          <a class="utrecht-link" href={link} target="_blank" rel="noopener" data-testid="projector-link">
            {t('share.projector')}
          </a>
        </p>
      )}
      <div class="utrecht-button-group">
        {link && <CopyButton text={link} label={t('share.projectorCopy')} />}
        <Button kind="secondary" onClick={make} disabled={busy} data-testid="make-projector-link">
          {link ? t('share.projectorRenew') : t('share.projectorMake')}
        </Button>
      </div>
      {failed && <Alert kind="error">{t('share.projectorFailed')}</Alert>}
    </div>
  );
}
