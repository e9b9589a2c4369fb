/** Spring Boot's default layout: `date  LEVEL pid --- [thread] logger : msg`. */
import { parseSpring } from '../../parsers/app/spring.js';
import { shapeLane, type LogFormat } from '../format.js';

export const spring: LogFormat = {
  name: 'spring',
  title: 'Spring Boot: date time.ms  LEVEL pid --- [app] [thread] logger : msg',
  parse: parseSpring,
  lane: shapeLane('dddd-dd-dd dd:dd:ss.fff '),
  samples: [
    // Spring Boot reference, "Logging", Log Format (3.4 and later, with the application name)
    '2025-05-10T01:34:33.608Z  INFO 88909 --- [myapp] [           main] o.s.b.d.f.logexample.MyApplication       : Starting MyApplication using Java 17.0.15 with PID 88909 (/opt/apps/myapp.jar started by myuser in /opt/apps/)',
    // Spring Boot 3.3 reference, Log Format
    '2024-04-18T19:56:07.969Z  INFO 14537 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)',
    // Spring Boot 1.x reference, Log Format
    '2014-03-05 10:57:51.112  INFO 45469 --- [           main] org.apache.catalina.core.StandardEngine  : Starting Servlet Engine: Apache Tomcat/7.0.52',
    '2014-03-05 10:57:51.253  INFO 45469 --- [ost-startStop-1] o.a.c.c.C.[Tomcat].[localhost].[/]       : Initializing Spring embedded WebApplicationContext',
  ],
  lookalikes: [
    '2014-03-05 10:57:51.112  INFO 45469 [           main] org.apache.catalina.core.StandardEngine  : no dashes',
    '2014-03-05 10:57:51.112  INFO --- [           main] org.apache.catalina.core.StandardEngine  : no pid',
  ],
  multiline: true,
};
