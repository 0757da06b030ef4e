// The page frame: skip link, banner with the service name and the signed-in user, the main menu
// (only what the role may use), main content, footer. Plain, readable, high contrast.
import type { User } from '../auth/users.js';
import { may, type Permission } from '../api/permissions.js';
import { h, raw, type Raw } from './html.js';
import { ROLL_NAMN } from './names.js';

export interface NavItem {
  href: string;
  text: string;
  permission: Permission | null;
}

export const NAV: NavItem[] = [
  { href: '/', text: 'Start', permission: null },
  { href: '/sok', text: 'Sök', permission: 'search' },
  { href: '/oversikt', text: 'Översikt', permission: 'reports:read' },
  { href: '/huvudman', text: 'Huvudmän', permission: 'huvudman:read' },
  { href: '/uppfoljning', text: 'Uppföljning', permission: 'followups' },
  { href: '/stod', text: 'Stödinsatser', permission: 'target' },
  { href: '/granska', text: 'Granska', permission: 'review' },
  { href: '/nya-teman', text: 'Nya teman', permission: 'emerging' },
  { href: '/ladda-upp', text: 'Ladda upp', permission: 'ingest' },
  { href: '/admin/logg', text: 'Logg', permission: 'audit:read' },
  { href: '/admin/anvandare', text: 'Användare', permission: 'users:manage' },
];

export interface PageOptions {
  title: string;
  user: User | null;
  /** Path of the menu item to mark as current. */
  active?: string;
  body: Raw;
  /** Extra scripts (served from /static). */
  scripts?: string[];
  /** A status message shown at the top of main (e.g. after a form). */
  flash?: { kind: 'ok' | 'fel'; text: string } | null;
}

export function page(o: PageOptions): string {
  const nav = o.user ? NAV.filter((n) => n.permission === null || may(o.user!.role, n.permission)) : [];
  return (
    '<!doctype html>\n' +
    h`<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} – dialogkunskap</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#innehall">Hoppa till innehållet</a>
<header class="banner">
  <div class="wrap banner-inner">
    <a class="brand" href="/">dialogkunskap<span class="brand-sub">Kunskap från kvalitetsdialogerna</span></a>
    ${
      o.user
        ? h`<div class="who">
      <span>${o.user.displayName} <span class="role">(${ROLL_NAMN[o.user.role] ?? o.user.role})</span></span>
      <form method="post" action="/logga-ut"><button type="submit" class="link-button">Logga ut</button></form>
    </div>`
        : ''
    }
  </div>
  ${
    nav.length
      ? h`<nav class="mainnav" aria-label="Huvudmeny"><div class="wrap"><ul>
    ${nav.map((n) => h`<li><a href="${n.href}"${raw(o.active === n.href ? ' aria-current="page"' : '')}>${n.text}</a></li>`)}
  </ul></div></nav>`
      : ''
  }
</header>
<main id="innehall" class="wrap" tabindex="-1">
${o.flash ? h`<div class="flash flash-${o.flash.kind}" role="${o.flash.kind === 'fel' ? 'alert' : 'status'}">${o.flash.text}</div>` : ''}
${o.body}
</main>
<footer class="footer"><div class="wrap">
  <p>dialogkunskap – Skolverket och Specialpedagogiska skolmyndigheten. Bara godkända anteckningar visas. Alla sökningar och exporter loggas.</p>
  <p><a href="/api/docs">API-dokumentation</a></p>
</div></footer>
${(o.scripts ?? []).map((s) => h`<script src="/static/${s}" defer></script>`)}
</body>
</html>
`.html
  );
}

export function errorPage(user: User | null, status: number, message: string): string {
  const title = status === 404 ? 'Sidan finns inte' : status === 403 ? 'Du har inte behörighet' : status === 401 ? 'Du behöver logga in' : status === 429 ? 'För många anrop' : 'Något gick fel';
  return page({
    title,
    user,
    body: h`<h1>${title}</h1>
<p>${message.charAt(0).toUpperCase() + message.slice(1)}.</p>
<p>${user ? h`<a href="/">Till startsidan</a>` : h`<a href="/logga-in">Logga in</a>`}</p>`,
  });
}
