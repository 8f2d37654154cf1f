#!/bin/sh
exec fluentd -c /etc/fluent/fluent.conf
