/** OpenStack's oslo.log layout, `date time.ms pid LEVEL module [req-…] msg`, with or without a leading file-name column. */
import { parseOpenstack } from '../../parsers/app/openstack.js';
import type { LogFormat } from '../format.js';

export const openstack: LogFormat = {
  name: 'openstack',
  title: 'OpenStack (oslo.log): [file] date time.ms pid LEVEL module [req-...] msg',
  parse: parseOpenstack,
  samples: [
    // loghub OpenStack_2k.log
    'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
    'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)',
    'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:10.302 2931 INFO nova.virt.libvirt.driver [-] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance spawned successfully.',
    // a service's own file, without the column (oslo.log's logging_default_format_string)
    '2017-05-16 00:00:05.185 2931 INFO nova.virt.libvirt.imagecache [req-addc1839-2ed5-4778-b57e-5854eb7b8b09 - - - - -] image 0673dd71-34c5-4fbb-86c4-40623fbe45b4 at (/var/lib/nova/instances/_base/a489c868f0c37da93b76227c91bb03908ac0e742): checking',
  ],
  lookalikes: [
    'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 INFO nova.osapi_compute.wsgi.server [-] no pid',
    '2017-05-16 00:00:00.008 25746 nova.osapi_compute.wsgi.server [-] no level',
  ],
  multiline: true,
};
