package io.decree.lin;
