/**
 * The application-log family: Java (log4j, logback, ZooKeeper, Spring
 * Boot, Spark, HDFS), OpenStack, Windows CBS and Python `logging`, in the
 * detection order they take in the registry (all before `standard`, which
 * reads the lines of log4j and Spring Boot too, keeping their prefixes in
 * the message).
 */
import type { LogFormat } from '../format.js';
import { cbs } from './cbs.js';
import { hdfs } from './hdfs.js';
import { log4j } from './log4j.js';
import { logback } from './logback.js';
import { openstack } from './openstack.js';
import { python } from './python.js';
import { spark } from './spark.js';
import { spring } from './spring.js';
import { zookeeper } from './zookeeper.js';

export const APP_FORMATS: readonly LogFormat[] = [log4j, logback, zookeeper, spring, spark, hdfs, openstack, cbs, python];
