package io.decree.contracts;
