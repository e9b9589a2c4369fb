/** OpenStack's oslo.log layout (src/formats/app/openstack.ts): file-name column or not, request context, WSGI request lines. */
import test from 'ava';
import { format, neverThrows, read } from './app-helpers.js';

test('a WSGI request line: response time in seconds, a request; the message after the request context', (t) => {
  const r = read(
    'openstack',
    'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
  );
  t.is(r?.ts, '2017-05-16T00:00:00.008Z');
  t.is(r?.level, 'INFO');
  t.true(r?.request);
  t.true(Math.abs((r?.rt ?? 0) - 247.7829) < 1e-9, String(r?.rt));
  t.is(r?.message, '10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829');
  // `[-]`, a 404 (still the line's level)
  const m = read('openstack', 'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:17.531 25793 INFO nova.metadata.wsgi.server [-] 10.11.21.122,10.11.10.1 "GET /openstack/2013-10-17/user_data HTTP/1.1" status: 404 len: 176 time: 0.0010660');
  t.is(m?.rt, 1.066);
  t.is(m?.level, 'INFO');
});

test('the [instance: …] field is left out; a service\'s own file has no file-name column', (t) => {
  t.deepEqual(
    read('openstack', 'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)'),
    { ts: '2017-05-16T00:00:04.500Z', level: 'INFO', rt: NaN, request: false, message: 'VM Started (Lifecycle Event)' },
  );
  t.is(read('openstack', '2017-05-16 00:00:10.302 2931 WARNING nova.virt.libvirt.driver [-] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance spawned slowly.')?.level, 'WARN');
  // oslo's exception prefix: no request context
  t.is(read('openstack', '2017-05-16 00:00:10.302 2931 ERROR oslo_messaging.rpc.server Traceback (most recent call last):')?.message, 'Traceback (most recent call last):');
  // "Took 19.05 seconds": no unit scanMessage knows
  t.is(read('openstack', '2017-05-16 00:00:10.303 2931 INFO nova.compute.manager [-] Took 19.05 seconds to spawn the instance on the hypervisor.')?.request, false);
});

test('not oslo.log: no pid, no level, a standard line, a broken request tail', (t) => {
  for (const line of [
    '2017-05-16 00:00:00.008 INFO nova.osapi_compute.wsgi.server [-] no pid',
    '2017-05-16 00:00:00.008 25746 nova.osapi_compute.wsgi.server [-] no level',
    '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
    '2017-05-16 00:00:00.008 25746 INFO',
  ]) {
    t.is(read('openstack', line), undefined, line);
  }
  t.is(read('openstack', '2017-05-16 00:00:00.008 25746 INFO a.b [-] status: x len: 1 time: 0.5')?.request, false);
  t.is(read('openstack', '2017-05-16 00:00:00.008 25746 INFO a.b [-] len: 1 time: 0.5')?.request, false);
});

test('openstack: no bytes make the parser throw', (t) => {
  t.true(format('openstack').multiline);
  neverThrows(t, 'openstack', ['nova-api.log ', '2017-05-16 00:00:00.008', ' ', '25746', 'INFO', 'a.b', '[req-', '[-]', '[instance: ', ']', 'status: ', 'len: ', ' time: ', '0.5', '200', '.']);
});
