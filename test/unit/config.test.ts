import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { problemsOf } from '../support/config';


describe('configuration', () => {
  it('runs with no variables at all: local mode on loopback, embedded storage', () => {
    const c = loadConfig({});
    assert.equal(c.localMode, true);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 3978);
    assert.equal(c.storageConnectionString, undefined);
    assert.equal(c.scheduler, true);
    assert.equal(c.teamsMaxRps, 30);
  });

  it('refuses HOST=0.0.0.0 without an App ID (local mode is unauthenticated)', () => {
    const p = problemsOf({ HOST: '0.0.0.0' });
    assert.equal(p.length, 1);
    assert.match(p[0], /^HOST: .*loopback/);
  });

  it('allows any HOST with an App ID, and then requires tenants and a report secret', () => {
    const p = problemsOf({ HOST: '0.0.0.0', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 's', MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000001' });
    assert.ok(p.some((x) => x.startsWith('ALLOWED_TENANTS:')));
    assert.ok(p.some((x) => x.startsWith('REPORT_SECRET:')));
    assert.ok(!p.some((x) => x.startsWith('HOST:')));
  });

  it('names an unknown MicrosoftAppType', () => {
    const p = problemsOf({ MicrosoftAppType: 'Sometimes' });
    assert.equal(p.length, 1);
    assert.match(p[0], /^MicrosoftAppType: /);
  });

  it('names a malformed connection string', () => {
    const p = problemsOf({ AZURE_STORAGE_CONNECTION_STRING: 'this is not one' });
    assert.equal(p.length, 1);
    assert.match(p[0], /^AZURE_STORAGE_CONNECTION_STRING: /);
  });

  it('names junk in ADMINS and accepts GUIDs and UPNs', () => {
    const p = problemsOf({ ADMINS: 'kari@kommune.no, 6f1c2a3b-0000-4000-8000-000000000001, ; drop table, ola' });
    assert.equal(p.length, 1);
    assert.match(p[0], /^ADMINS: .*"; drop table".*"ola"/);
    const c = loadConfig({ ADMINS: 'Kari@Kommune.no,6F1C2A3B-0000-4000-8000-000000000001' });
    assert.deepEqual(c.admins, ['kari@kommune.no', '6f1c2a3b-0000-4000-8000-000000000001']);
  });

  it('reports every bad variable at once', () => {
    const p = problemsOf({ PORT: 'eighty', SCHEDULER: 'sometimes', TEAMS_MAX_RPS: '-1' });
    assert.equal(p.length, 3);
  });
});
